//! The site's HTML pages, one view model and one template per page (in `templates/`): the
//! status page, a page per incident and per maintenance, and the history by month, in every
//! language. Askama compiles the templates into the binary and escapes every value unless a
//! template marks it `safe`, which only the output of [`crate::markup`] and the clock's
//! `<time>` elements are.

use std::collections::BTreeMap;

use askama::Template;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use herald_domain::public::{incident_page, maintenance_page};
use herald_domain::uptime::{uptime, Day, DayLevel, DayUptime};
use herald_domain::{
    Component, Label, Locale, Maintenance, MaintenanceStatus, PublicFeed, PublicIncident,
};

use crate::clock::{days_until, month_name, shown, zone};
use crate::markup::published;
use crate::words::{words, SiteWords};
use crate::{SiteFile, HTML};

/// How many days the uptime bars cover.
const UPTIME_DAYS: u32 = 90;
/// How many resolved incidents the status page lists before pointing to the history.
const RECENT_HISTORY: usize = 10;

/// What every page shares: the header, the language switch and where the root is.
pub struct Layout {
    /// The page's language.
    pub lang: &'static str,
    /// Its words.
    pub words: &'static SiteWords,
    /// The status page's name.
    pub site_name: String,
    /// The document's title.
    pub title: String,
    /// From this page to the site's root (`../../`), so the site works under any path.
    pub root: String,
    /// From this page to its language's root.
    pub home: String,
    /// The same page in the other language.
    pub other_href: String,
    /// The other language's tag.
    pub other_lang: &'static str,
    /// The stylesheet, written into the page.
    pub styles: &'static str,
    /// The script's path from the root.
    pub script: String,
    /// When the site was published, as a `<time>`.
    pub published: String,
    /// The subscribe page, from this page, when the site offers email subscriptions.
    pub subscribe_href: Option<String>,
    /// The words of the subscription pages.
    pub subscription_words: &'static crate::subscription_pages::SubscriptionWords,
    /// When the public content last changed (the summary's `page.updated_at`): the script
    /// reloads the page when the published summary says otherwise.
    pub updated: String,
}

/// A moment, as a `<time>` element the script may rewrite into the reader's zone.
fn time(at: DateTime<Utc>, tz: Tz, reader: Locale, now: DateTime<Utc>) -> String {
    format!(
        r#"<time datetime="{}">{}</time>"#,
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        html_escape::encode_text(&shown(at, tz, reader, now))
    )
}

/// One public update.
pub struct UpdateView {
    /// Machine name of its status, for the class.
    pub status: &'static str,
    /// Its status in words.
    pub status_label: &'static str,
    /// When, as a `<time>`.
    pub at: String,
    /// Its text, rendered safe.
    pub html: String,
}

/// An incident, as its page and the status page show it.
pub struct IncidentView {
    /// Its page, from the language's root.
    pub href: String,
    /// Its title in the reader's language.
    pub title: String,
    /// Machine name of its status.
    pub status: &'static str,
    /// Its status in words.
    pub status_label: &'static str,
    /// Machine name of its impact.
    pub impact: &'static str,
    /// Its impact in words.
    pub impact_label: &'static str,
    /// The affected components' names, in the reader's language.
    pub affected: String,
    /// What customers can do meanwhile, rendered safe.
    pub workaround: Option<String>,
    /// When the next update is due, while open.
    pub next_update: Option<String>,
    /// When it started.
    pub started: String,
    /// When it was resolved.
    pub resolved: Option<String>,
    /// Its public updates, newest first.
    pub updates: Vec<UpdateView>,
}

/// A maintenance.
pub struct MaintenanceView {
    /// Its page, from the language's root.
    pub href: String,
    /// Its title in the reader's language.
    pub title: String,
    /// Machine name of where it is now.
    pub status: &'static str,
    /// Where it is now, in words.
    pub status_label: &'static str,
    /// The window's start.
    pub start: String,
    /// The window's end.
    pub end: String,
    /// Its description, rendered safe.
    pub html: String,
    /// The components it touches.
    pub affected: String,
}

/// One day of a component's uptime bar.
pub struct DayView {
    /// Its colour class.
    pub level: &'static str,
    /// What the day was, for the tooltip and the text alternative.
    pub title: String,
}

/// A component with its uptime.
pub struct ComponentView {
    /// Its id.
    pub id: String,
    /// Its name in the reader's language.
    pub name: String,
    /// Machine name of its status.
    pub status: &'static str,
    /// Its status in words.
    pub status_label: &'static str,
    /// Its uptime over the bar's days ("99.95 %").
    pub percent: String,
    /// The bar, oldest day first.
    pub days: Vec<DayView>,
    /// The bar in words, for screen readers: its uptime and each day with an outage.
    pub summary: String,
}

/// A group of components under its heading.
pub struct GroupView {
    /// The heading; `None` for components in no group.
    pub name: Option<String>,
    /// Its components, in the page's order.
    pub components: Vec<ComponentView>,
}

/// A resolved incident in a list.
pub struct HistoryItem {
    /// Its page, from the language's root.
    pub href: String,
    /// Its title.
    pub title: String,
    /// Machine name of its impact.
    pub impact: &'static str,
    /// When it was last updated, as a `<time>`.
    pub at: String,
    /// Its latest update's status in words.
    pub status_label: &'static str,
}

/// The status page.
#[derive(Template)]
#[template(path = "status.html")]
pub struct StatusPage {
    /// Header and paths.
    pub layout: Layout,
    /// Machine name of the page's indicator.
    pub indicator: &'static str,
    /// The indicator in words.
    pub indicator_label: &'static str,
    /// Open incidents.
    pub active: Vec<IncidentView>,
    /// Maintenance not yet completed.
    pub maintenances: Vec<MaintenanceView>,
    /// Components by group.
    pub groups: Vec<GroupView>,
    /// The latest resolved incidents.
    pub history: Vec<HistoryItem>,
}

/// One incident's whole public story.
#[derive(Template)]
#[template(path = "incident.html")]
pub struct IncidentPage {
    /// Header and paths.
    pub layout: Layout,
    /// The incident.
    pub incident: IncidentView,
}

/// One maintenance.
#[derive(Template)]
#[template(path = "maintenance.html")]
pub struct MaintenancePage {
    /// Header and paths.
    pub layout: Layout,
    /// The maintenance.
    pub maintenance: MaintenanceView,
}

/// A month in the history index.
pub struct MonthLink {
    /// Its page, from the language's root.
    pub href: String,
    /// Its name.
    pub name: String,
    /// How many incidents started in it.
    pub count: usize,
}

/// The history: every month with incidents.
#[derive(Template)]
#[template(path = "history.html")]
pub struct HistoryPage {
    /// Header and paths.
    pub layout: Layout,
    /// Newest first.
    pub months: Vec<MonthLink>,
}

/// The incidents that started in one month.
#[derive(Template)]
#[template(path = "month.html")]
pub struct MonthPage {
    /// Header and paths.
    pub layout: Layout,
    /// The month's name.
    pub name: String,
    /// Its incidents, newest first.
    pub incidents: Vec<HistoryItem>,
}

/// Everything one language's pages are made with.
struct Context<'a> {
    public: &'a PublicFeed,
    /// Where the subscribe form posts, when the server sends email.
    subscribe: Option<&'a str>,
    reader: Locale,
    page: Locale,
    tz: Tz,
    now: DateTime<Utc>,
    updated: DateTime<Utc>,
}

impl Context<'_> {
    /// Where this language's pages live: the page's language at the root, the other under
    /// its tag.
    fn prefix(&self) -> String {
        if self.reader == self.page {
            String::new()
        } else {
            format!("{}/", self.reader.tag())
        }
    }

    fn other(&self) -> Locale {
        match self.reader {
            Locale::En => Locale::ZhCn,
            Locale::ZhCn => Locale::En,
        }
    }

    /// The layout of the page at `path` (from this language's root, `""` for its index).
    fn layout(&self, path: &str, title: Option<&str>) -> Layout {
        let prefix = self.prefix();
        let depth = format!("{prefix}{path}").matches('/').count();
        let root = "../".repeat(depth);
        let home = "../".repeat(path.matches('/').count());
        let other = self.other();
        let other_prefix = if other == self.page {
            String::new()
        } else {
            format!("{}/", other.tag())
        };
        let site_name = self.public.page.name.clone();
        Layout {
            lang: self.reader.tag(),
            words: words(self.reader),
            title: title.map_or_else(
                || format!("{site_name} · {}", words(self.reader).subtitle),
                |t| format!("{t} · {site_name}"),
            ),
            site_name,
            subscribe_href: self.subscribe.map(|_| format!("{home}subscribe/")),
            subscription_words: crate::subscription_pages::subscription_words(self.reader),
            other_href: format!("{root}{other_prefix}{path}"),
            other_lang: other.tag(),
            styles: crate::assets::STYLES,
            script: format!("{root}{}", crate::assets::script()),
            published: self.time(self.now),
            updated: self
                .updated
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            root,
            home,
        }
    }

    fn time(&self, at: DateTime<Utc>) -> String {
        time(at, self.tz, self.reader, self.now)
    }

    fn names(&self, ids: &[String]) -> String {
        let names: Vec<&str> = ids
            .iter()
            .filter_map(|id| self.public.components.iter().find(|c| &c.id == id))
            .map(|c| c.name_in(self.reader, self.page))
            .collect();
        names.join(match self.reader {
            Locale::En => ", ",
            Locale::ZhCn => "、",
        })
    }

    fn incident(&self, incident: &PublicIncident) -> IncidentView {
        IncidentView {
            href: incident_page(&incident.id),
            title: incident.title_in(self.reader, self.page).to_string(),
            status: incident.status.as_str(),
            status_label: incident.status.label(self.reader),
            impact: incident.impact.as_str(),
            impact_label: incident.impact.label(self.reader),
            affected: self.names(&incident.components),
            workaround: incident
                .workaround_in(self.reader, self.page)
                .filter(|w| !w.text.trim().is_empty())
                .map(|w| published(w, self.reader)),
            next_update: incident.next_update_due.map(|at| self.time(at)),
            started: self.time(incident.started_at),
            resolved: incident.resolved_at.map(|at| self.time(at)),
            updates: incident
                .updates
                .iter()
                .map(|u| UpdateView {
                    status: u.status.as_str(),
                    status_label: u.status.label(self.reader),
                    at: self.time(u.at),
                    html: published(u.text_for(self.reader, self.page), self.reader),
                })
                .collect(),
        }
    }

    fn maintenance(&self, m: &Maintenance) -> MaintenanceView {
        let status = m.status_at(self.now);
        let w = words(self.reader);
        let (status, status_label) = match status {
            MaintenanceStatus::Scheduled => ("scheduled", w.scheduled),
            MaintenanceStatus::Completed => ("completed", w.completed),
            _ => ("in_progress", w.in_progress),
        };
        MaintenanceView {
            href: maintenance_page(&m.id),
            title: m.title_in(self.reader, self.page).to_string(),
            status,
            status_label,
            start: self.time(m.window_start),
            end: self.time(m.window_end),
            html: published(m.description_in(self.reader, self.page), self.reader),
            affected: self.names(&m.components),
        }
    }

    fn history_item(&self, incident: &PublicIncident) -> HistoryItem {
        HistoryItem {
            href: incident_page(&incident.id),
            title: incident.title_in(self.reader, self.page).to_string(),
            impact: incident.impact.as_str(),
            at: self.time(incident.latest().at),
            status_label: incident.status.label(self.reader),
        }
    }

    fn day(&self, day: &DayUptime) -> DayView {
        let w = words(self.reader);
        let date = match self.reader {
            Locale::En => day.date.format("%-d %b %Y").to_string(),
            Locale::ZhCn => format!(
                "{}年{}月{}日",
                day.date.year(),
                day.date.month(),
                day.date.day()
            ),
        };
        let mut parts = Vec::new();
        if day.major_minutes > 0 {
            parts.push(format!("{} {}", day.major_minutes, w.major_minutes));
        }
        if day.partial_minutes > 0 {
            parts.push(format!("{} {}", day.partial_minutes, w.partial_minutes));
        }
        let what = if parts.is_empty() {
            w.no_outage.to_string()
        } else {
            parts.join(match self.reader {
                Locale::En => ", ",
                Locale::ZhCn => "，",
            })
        };
        DayView {
            level: day.level().as_str(),
            title: format!("{date}{}{what}", w.colon),
        }
    }

    fn component(&self, component: &Component, days: &[Day]) -> ComponentView {
        let up = uptime(&component.id, &self.public.incidents, days, self.now);
        let days: Vec<DayView> = up.days.iter().map(|d| self.day(d)).collect();
        let percent = format!("{:.2} %", up.percent);
        let outages: Vec<&str> = days
            .iter()
            .filter(|d| d.level != DayLevel::Operational.as_str())
            .map(|d| d.title.as_str())
            .collect();
        let w = words(self.reader);
        let mut summary = format!("{}{}{percent}", w.uptime, w.colon);
        if !outages.is_empty() {
            let (stop, between) = match self.reader {
                Locale::En => (". ", "; "),
                Locale::ZhCn => ("。", "；"),
            };
            summary = format!("{summary}{stop}{}", outages.join(between));
        }
        ComponentView {
            id: component.id.clone(),
            name: component.name_in(self.reader, self.page).to_string(),
            status: component.status.as_str(),
            status_label: component.status.label(self.reader),
            percent,
            days,
            summary,
        }
    }

    fn groups(&self) -> Vec<GroupView> {
        let days = days_until(self.now, self.tz, UPTIME_DAYS);
        let mut groups: Vec<GroupView> = Vec::new();
        let mut keys: Vec<Option<String>> = Vec::new();
        for component in &self.public.components {
            let view = self.component(component, &days);
            if let Some(index) = keys.iter().position(|k| *k == component.group) {
                groups[index].components.push(view);
            } else {
                keys.push(component.group.clone());
                groups.push(GroupView {
                    name: component
                        .group_in(self.reader, self.page)
                        .map(str::to_string),
                    components: vec![view],
                });
            }
        }
        groups
    }

    fn status_page(&self) -> StatusPage {
        let indicator = self.public.indicator;
        let mut resolved: Vec<&PublicIncident> = self
            .public
            .incidents
            .iter()
            .filter(|i| !i.status.is_open())
            .collect();
        resolved.sort_by_key(|i| std::cmp::Reverse(i.latest().at));
        StatusPage {
            layout: self.layout("", None),
            indicator: indicator.as_str(),
            indicator_label: indicator.label(self.reader),
            active: self
                .public
                .open_incidents()
                .map(|i| self.incident(i))
                .collect(),
            maintenances: self
                .public
                .maintenances
                .iter()
                .filter(|m| m.status_at(self.now) != MaintenanceStatus::Completed)
                .map(|m| self.maintenance(m))
                .collect(),
            groups: self.groups(),
            history: resolved
                .into_iter()
                .take(RECENT_HISTORY)
                .map(|i| self.history_item(i))
                .collect(),
        }
    }

    /// The month an incident started in, in the page's zone for this language.
    fn month_of(&self, incident: &PublicIncident) -> (i32, u32) {
        let local = incident.started_at.with_timezone(&self.tz);
        (local.year(), local.month())
    }

    fn file(&self, path: &str, html: String) -> SiteFile {
        SiteFile::live(format!("{}{path}index.html", self.prefix()), html, HTML)
    }

    fn history(&self, files: &mut Vec<SiteFile>) -> Result<(), askama::Error> {
        let mut months: BTreeMap<(i32, u32), Vec<&PublicIncident>> = BTreeMap::new();
        for incident in &self.public.incidents {
            months
                .entry(self.month_of(incident))
                .or_default()
                .push(incident);
        }
        let mut links = Vec::new();
        for (&(year, month), incidents) in months.iter().rev() {
            let path = format!("history/{year}-{month:02}/");
            let name = month_name(year, month, self.reader);
            let page = MonthPage {
                layout: self.layout(&path, Some(&name)),
                name: name.clone(),
                incidents: incidents.iter().map(|i| self.history_item(i)).collect(),
            };
            files.push(self.file(&path, page.render()?));
            links.push(MonthLink {
                href: path,
                name,
                count: incidents.len(),
            });
        }
        let history = HistoryPage {
            layout: self.layout("history/", Some(words(self.reader).all_history)),
            months: links,
        };
        files.push(self.file("history/", history.render()?));
        Ok(())
    }

    fn pages(&self) -> Result<Vec<SiteFile>, askama::Error> {
        let mut files = vec![self.file("", self.status_page().render()?)];
        for incident in &self.public.incidents {
            let path = incident_page(&incident.id);
            let view = self.incident(incident);
            let page = IncidentPage {
                layout: self.layout(&path, Some(&view.title)),
                incident: view,
            };
            files.push(self.file(&path, page.render()?));
        }
        for maintenance in &self.public.maintenances {
            let path = maintenance_page(&maintenance.id);
            let view = self.maintenance(maintenance);
            let page = MaintenancePage {
                layout: self.layout(&path, Some(&view.title)),
                maintenance: view,
            };
            files.push(self.file(&path, page.render()?));
        }
        self.history(&mut files)?;
        if let Some(action) = self.subscribe {
            let words = crate::subscription_pages::subscription_words(self.reader);
            let page = SubscribePage {
                layout: self.layout("subscribe/", Some(words.subscribe)),
                form: crate::subscription_pages::FormView::new(
                    self.public,
                    self.reader,
                    action.to_string(),
                    self.reader,
                    None,
                    Some(String::new()),
                    words.subscribe_button,
                ),
            };
            files.push(self.file("subscribe/", page.render()?));
        }
        files.push(SiteFile::live(
            format!("{}badge.svg", self.prefix()),
            crate::badge::badge(self.public.indicator, self.reader),
            "image/svg+xml",
        ));
        Ok(files)
    }
}

/// The subscribe form, on the static site: a plain form posting to herald-server.
#[derive(Template)]
#[template(path = "subscribe.html")]
pub struct SubscribePage {
    /// Header and paths.
    pub layout: Layout,
    /// The form.
    pub form: crate::subscription_pages::FormView,
}

/// Every page in every language, as of `now`, beside documents written at `written_at`;
/// with a subscribe page posting to `subscribe` when given.
///
/// # Errors
/// When a template fails to render.
pub fn all(
    public: &PublicFeed,
    now: DateTime<Utc>,
    written_at: DateTime<Utc>,
    subscribe: Option<&str>,
) -> Result<Vec<SiteFile>, askama::Error> {
    let page = public.page.language();
    // The summary says the same, so the script can tell when the published page is newer.
    let updated = herald_domain::statuspage::export::Export::new(public, written_at).updated_at();
    let mut files = Vec::new();
    for reader in Locale::ALL {
        let context = Context {
            public,
            subscribe,
            reader,
            page,
            tz: zone(public.page.zone_for(reader)),
            now,
            updated,
        };
        files.extend(context.pages()?);
    }
    Ok(files)
}
