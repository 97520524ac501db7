//! Update templates: customer-facing text with `{variables}` filled from the incident.
//!
//! Hand-written rather than a template crate: the only feature needed is strict variable
//! substitution (no loops, no logic, which customer text should not have), the renderer also
//! ships in the browser bundle where a general engine would cost more than the rest of this
//! module, and strictness is the point: a missing variable is an error naming it, never a
//! literal `{placeholder}` in a published update.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::incident::IncidentStatus;
use crate::label::Locale;

/// The situation a template is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// First word: we know, we are looking.
    Investigating,
    /// The cause is known and a fix is under way.
    Identified,
    /// A fix is in place and being watched.
    Monitoring,
    /// It is over.
    Resolved,
    /// It is over, and a written follow-up will come.
    ResolvedWithFollowUp,
    /// Nothing changed since the last update, which is itself news.
    Holding,
    /// Slower than usual.
    DegradedPerformance,
    /// Failing for some customers.
    PartialOutage,
    /// Failing for everyone.
    MajorOutage,
    /// Planned work begins.
    MaintenanceStart,
    /// Planned work is finished.
    MaintenanceEnd,
}

impl TemplateKind {
    /// Every kind, in the order a picker lists them.
    pub const ALL: [TemplateKind; 11] = [
        Self::Investigating,
        Self::Identified,
        Self::Monitoring,
        Self::Resolved,
        Self::ResolvedWithFollowUp,
        Self::Holding,
        Self::DegradedPerformance,
        Self::PartialOutage,
        Self::MajorOutage,
        Self::MaintenanceStart,
        Self::MaintenanceEnd,
    ];

    /// The stable machine name (`resolved_with_follow_up`), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Investigating => "investigating",
            Self::Identified => "identified",
            Self::Monitoring => "monitoring",
            Self::Resolved => "resolved",
            Self::ResolvedWithFollowUp => "resolved_with_follow_up",
            Self::Holding => "holding",
            Self::DegradedPerformance => "degraded_performance",
            Self::PartialOutage => "partial_outage",
            Self::MajorOutage => "major_outage",
            Self::MaintenanceStart => "maintenance_start",
            Self::MaintenanceEnd => "maintenance_end",
        }
    }

    /// The kind with this machine name.
    pub fn from_str_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether the template speaks of scheduled maintenance: its window is its timing, and
    /// work that went to plan owes no word on lost data.
    pub fn is_maintenance(self) -> bool {
        matches!(self, Self::MaintenanceStart | Self::MaintenanceEnd)
    }

    /// The incident status a text of this kind is written for; `None` for the kinds that fit
    /// any open stage (no change yet, maintenance starting), which keep the current status.
    ///
    /// The one map from template to status: the console's status select, its request and
    /// the tests all read it, so a holding text can never go out as another stage.
    pub fn status(self) -> Option<IncidentStatus> {
        match self {
            Self::Investigating
            | Self::DegradedPerformance
            | Self::PartialOutage
            | Self::MajorOutage => Some(IncidentStatus::Investigating),
            Self::Identified => Some(IncidentStatus::Identified),
            Self::Monitoring => Some(IncidentStatus::Monitoring),
            Self::Resolved | Self::ResolvedWithFollowUp | Self::MaintenanceEnd => {
                Some(IncidentStatus::Resolved)
            }
            Self::Holding | Self::MaintenanceStart => None,
        }
    }

    /// Whether a text of this kind may go out with `status`: a stage template only with its
    /// own stage, a keep-the-stage template only while the incident is open.
    pub fn fits(self, status: IncidentStatus) -> bool {
        self.status()
            .map_or_else(|| status.is_open(), |own| own == status)
    }

    /// Whether picking this kind would move the incident back a stage (monitoring →
    /// identified): hidden from the picker unless the lead asks, since it is rarely meant.
    pub fn regresses(self, current: IncidentStatus) -> bool {
        self.status().is_some_and(|own| own < current)
    }
}

impl crate::label::Label for TemplateKind {
    fn label(&self, locale: Locale) -> &'static str {
        use TemplateKind as K;
        match (self, locale) {
            (K::Investigating, Locale::En) => "Investigating",
            (K::Investigating, Locale::ZhCn) => "调查中",
            (K::Identified, Locale::En) => "Identified",
            (K::Identified, Locale::ZhCn) => "已确定原因",
            (K::Monitoring, Locale::En) => "Monitoring",
            (K::Monitoring, Locale::ZhCn) => "监控中",
            (K::Resolved, Locale::En) => "Resolved",
            (K::Resolved, Locale::ZhCn) => "已解决",
            (K::ResolvedWithFollowUp, Locale::En) => "Resolved, follow-up promised",
            (K::ResolvedWithFollowUp, Locale::ZhCn) => "已解决（将发布总结）",
            (K::Holding, Locale::En) => "No change yet (holding)",
            (K::Holding, Locale::ZhCn) => "暂无新进展",
            (K::DegradedPerformance, Locale::En) => "Degraded performance",
            (K::DegradedPerformance, Locale::ZhCn) => "性能下降",
            (K::PartialOutage, Locale::En) => "Partial outage",
            (K::PartialOutage, Locale::ZhCn) => "部分中断",
            (K::MajorOutage, Locale::En) => "Major outage",
            (K::MajorOutage, Locale::ZhCn) => "严重中断",
            (K::MaintenanceStart, Locale::En) => "Maintenance starts",
            (K::MaintenanceStart, Locale::ZhCn) => "维护开始",
            (K::MaintenanceEnd, Locale::En) => "Maintenance ends",
            (K::MaintenanceEnd, Locale::ZhCn) => "维护结束",
        }
    }
}

/// A named body of text with `{variable}` slots; users may add their own as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Stable identifier (`builtin.en.investigating`).
    pub id: String,
    /// The situation it fits.
    pub kind: TemplateKind,
    /// The language it is written in (`en`, `zh-CN`).
    #[serde(with = "locale_tag")]
    pub locale: Locale,
    /// Body text; `{name}` is a variable, `{{` and `}}` are literal braces.
    pub body: String,
}

/// Values for a template's variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars(BTreeMap<String, String>);

impl Vars {
    /// No values yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a variable, replacing any earlier value.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets a variable in place.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.insert(name.to_string(), value.into());
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Drops a variable, so a template using it is an error naming it.
    pub fn remove(&mut self, name: &str) {
        self.0.remove(name);
    }
}

/// Why a template could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The template uses a variable that has no value (or an empty one).
    MissingVariable(String),
    /// A `{` without its `}`, or a name that is not lowercase letters, digits and `_`.
    BadSyntax {
        /// Byte offset in the body.
        at: usize,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingVariable(name) => write!(f, "the template needs a value for {{{name}}}"),
            Self::BadSyntax { at } => write!(
                f,
                "the template has a stray brace at character {at} (write {{{{ or }}}} for a literal brace)"
            ),
        }
    }
}

impl std::error::Error for TemplateError {}

impl Template {
    /// Renders the body with `vars`.
    ///
    /// # Errors
    /// [`TemplateError::MissingVariable`] naming the first variable without a non-empty value,
    /// or [`TemplateError::BadSyntax`] for a malformed slot.
    pub fn render(&self, vars: &Vars) -> Result<String, TemplateError> {
        render(&self.body, vars)
    }

    /// The variables the body uses, in order of first use.
    ///
    /// # Errors
    /// [`TemplateError::BadSyntax`] for a malformed slot.
    pub fn variables(&self) -> Result<Vec<String>, TemplateError> {
        let mut names = Vec::new();
        walk(&self.body, |piece| {
            if let Piece::Variable(name) = piece {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
            Ok(())
        })?;
        Ok(names)
    }
}

enum Piece<'a> {
    Text(&'a str),
    Variable(&'a str),
}

fn walk<'a>(
    body: &'a str,
    mut visit: impl FnMut(Piece<'a>) -> Result<(), TemplateError>,
) -> Result<(), TemplateError> {
    let bytes = body.as_bytes();
    let (mut i, mut text_start) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                visit(Piece::Text(&body[text_start..=i]))?;
                i += 2;
                text_start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                visit(Piece::Text(&body[text_start..=i]))?;
                i += 2;
                text_start = i;
            }
            b'{' => {
                let close = body[i..]
                    .find('}')
                    .ok_or(TemplateError::BadSyntax { at: i })?
                    + i;
                let name = &body[i + 1..close];
                let valid = !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if !valid {
                    return Err(TemplateError::BadSyntax { at: i });
                }
                visit(Piece::Text(&body[text_start..i]))?;
                visit(Piece::Variable(name))?;
                i = close + 1;
                text_start = i;
            }
            b'}' => return Err(TemplateError::BadSyntax { at: i }),
            _ => i += 1,
        }
    }
    visit(Piece::Text(&body[text_start..]))
}

/// Renders `body` with `vars`; see [`Template::render`].
///
/// # Errors
/// As [`Template::render`].
pub fn render(body: &str, vars: &Vars) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(body.len() + 64);
    walk(body, |piece| {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Variable(name) => match vars.get(name).map(str::trim) {
                Some(value) if !value.is_empty() => out.push_str(value),
                _ => return Err(TemplateError::MissingVariable(name.to_string())),
            },
        }
        Ok(())
    })?;
    Ok(out)
}

/// The serde form of a [`Locale`]: its BCP 47 tag.
pub(crate) mod locale_tag {
    use crate::label::Locale;
    use serde::{Deserialize, Deserializer, Serializer};

    // serde's `with` fixes this signature.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(locale: &Locale, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(locale.tag())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Locale, D::Error> {
        Ok(Locale::from_tag(&String::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_names_itself_as_serde_does() {
        for kind in TemplateKind::ALL {
            let serde = serde_json::to_value(kind).unwrap();
            assert_eq!(serde.as_str(), Some(kind.as_str()));
            assert_eq!(TemplateKind::from_str_name(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn a_holding_text_never_fits_a_resolution() {
        // Regression (console issue, problem 8): a holding text could carry status Resolved.
        assert!(TemplateKind::Holding.fits(IncidentStatus::Monitoring));
        assert!(!TemplateKind::Holding.fits(IncidentStatus::Resolved));
        assert!(!TemplateKind::Monitoring.fits(IncidentStatus::Resolved));
        assert!(TemplateKind::ResolvedWithFollowUp.fits(IncidentStatus::Resolved));
    }

    #[test]
    fn only_earlier_stage_templates_regress() {
        assert!(TemplateKind::Identified.regresses(IncidentStatus::Monitoring));
        assert!(!TemplateKind::Holding.regresses(IncidentStatus::Monitoring));
        assert!(!TemplateKind::Resolved.regresses(IncidentStatus::Monitoring));
    }

    fn vars() -> Vars {
        Vars::new()
            .with("components", "Checkout")
            .with("next_update_at", "09:51 CET")
    }

    #[test]
    fn variables_are_filled() {
        let out = render(
            "{components} is slow. Next update by {next_update_at}.",
            &vars(),
        )
        .unwrap();
        assert_eq!(out, "Checkout is slow. Next update by 09:51 CET.");
    }

    #[test]
    fn missing_variable_is_an_error_naming_it() {
        let err = render("Try {workaround}.", &vars()).unwrap_err();
        assert_eq!(err, TemplateError::MissingVariable("workaround".into()));
        assert_eq!(
            err.to_string(),
            "the template needs a value for {workaround}"
        );
    }

    #[test]
    fn empty_value_counts_as_missing() {
        let vars = vars().with("workaround", "  ");
        assert_eq!(
            render("Try {workaround}.", &vars),
            Err(TemplateError::MissingVariable("workaround".into()))
        );
    }

    #[test]
    fn doubled_braces_are_literal() {
        assert_eq!(
            render("{{components}} = {components}", &vars()).unwrap(),
            "{components} = Checkout"
        );
    }

    #[test]
    fn stray_braces_are_syntax_errors_with_position() {
        assert_eq!(
            render("oops {components", &vars()),
            Err(TemplateError::BadSyntax { at: 5 })
        );
        assert_eq!(
            render("a } b", &vars()),
            Err(TemplateError::BadSyntax { at: 2 })
        );
        assert_eq!(
            render("{Bad Name}", &vars()),
            Err(TemplateError::BadSyntax { at: 0 })
        );
    }

    #[test]
    fn multibyte_text_around_variables_is_kept() {
        let out = render("「{components}」服务缓慢。", &vars()).unwrap();
        assert_eq!(out, "「Checkout」服务缓慢。");
    }

    #[test]
    fn variables_are_listed_once_in_order() {
        let template = Template {
            id: "t".into(),
            kind: TemplateKind::Holding,
            locale: Locale::En,
            body: "{a} {b} {a} {{c}}".into(),
        };
        assert_eq!(template.variables().unwrap(), ["a", "b"]);
    }

    #[test]
    fn user_templates_are_data() {
        let json = r#"{"id": "acme.holding", "kind": "holding", "locale": "zh-CN", "body": "仍在处理 {components}"}"#;
        let template: Template = serde_json::from_str(json).unwrap();
        assert_eq!(template.locale, Locale::ZhCn);
        assert_eq!(template.kind, TemplateKind::Holding);
        assert_eq!(serde_json::to_value(&template).unwrap()["locale"], "zh-CN");
    }
}
