//! The app's own words (page chrome, banners, the catch-up card) in every supported language.
//!
//! One table per language and bundle, looked up by field name, so a missing translation is a
//! compile error rather than English leaking into the Chinese page. Names of statuses, impacts
//! and roles come from the domain's `Label`, shared with the widget and the support replies.

mod console;
mod feed;
mod support;

pub use console::{console_text, fix_preview, ConsoleText, OutboxStates};
pub use feed::{text, Text};
pub use support::{support_text, Channels, SupportText};

use herald_domain::{Due, FeedError, Locale};

use crate::sync::SyncError;

/// A span of time in words: "45 s", "3 min", "2 h 5 min".
pub fn span(seconds: i64, locale: Locale) -> String {
    let seconds = seconds.max(0);
    let (hours, minutes) = (seconds / 3600, (seconds % 3600) / 60);
    match locale {
        Locale::En if seconds < 60 => format!("{seconds} s"),
        Locale::En if hours == 0 => format!("{minutes} min"),
        Locale::En if minutes == 0 => format!("{hours} h"),
        Locale::En => format!("{hours} h {minutes} min"),
        Locale::ZhCn if seconds < 60 => format!("{seconds} 秒"),
        Locale::ZhCn if hours == 0 => format!("{minutes} 分钟"),
        Locale::ZhCn if minutes == 0 => format!("{hours} 小时"),
        Locale::ZhCn => format!("{hours} 小时 {minutes} 分钟"),
    }
}

/// How long ago, in words: "just now", "3 min ago".
pub fn ago(seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En if seconds < 10 => "just now".into(),
        Locale::En => format!("{} ago", span(seconds, locale)),
        Locale::ZhCn if seconds < 10 => "刚刚".into(),
        Locale::ZhCn => format!("{}前", span(seconds, locale)),
    }
}

/// "in 4 min" or "overdue by 3 min", for the cadence countdown.
pub fn due(seconds_left: i64, locale: Locale) -> String {
    match (locale, seconds_left >= 0) {
        (Locale::En, true) => format!("due in {}", clock(seconds_left, locale)),
        (Locale::En, false) => format!("overdue by {}", span(-seconds_left, locale)),
        (Locale::ZhCn, true) => format!("还有 {}", clock(seconds_left, locale)),
        (Locale::ZhCn, false) => format!("已逾期 {}", span(-seconds_left, locale)),
    }
}

/// Where a countdown stands, in words: "due in 4 min 54 s", or "overdue by 3 min" (at least
/// 1 s).
pub fn countdown(due: Due, locale: Locale) -> String {
    match due {
        Due::In(left) => self::due(left.num_seconds(), locale),
        Due::Overdue(late) => self::due(-late.num_seconds().max(1), locale),
    }
}

/// A countdown that ticks every second, each number with its unit ("4 min 54 s",
/// "1 h 2 min 5 s"; "4 分 54 秒"): "4:54" reads as a clock time.
fn clock(seconds: i64, locale: Locale) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    match (locale, h > 0) {
        (Locale::En, true) => format!("{h} h {m} min {s} s"),
        (Locale::En, false) if m > 0 => format!("{m} min {s} s"),
        (Locale::En, false) => format!("{s} s"),
        (Locale::ZhCn, true) => format!("{h} 小时 {m} 分 {s} 秒"),
        (Locale::ZhCn, false) if m > 0 => format!("{m} 分 {s} 秒"),
        (Locale::ZhCn, false) => format!("{s} 秒"),
    }
}

/// "since 09:14 (35 min)" for how long a status has held.
pub fn since(when: &str, seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!("since {when} ({})", span(seconds, locale)),
        Locale::ZhCn => format!("自 {when} 起（{}）", span(seconds, locale)),
    }
}

/// The stale banner's first sentence.
pub fn stale(when: &str, seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En => format!(
            "Showing the feed as last synced at {when} ({}); it may be out of date.",
            ago(seconds, locale)
        ),
        Locale::ZhCn => format!(
            "显示的是 {when}（{}）同步的信息，可能已过时。",
            ago(seconds, locale)
        ),
    }
}

/// "Next try in 8 s." for the banners.
pub fn next_try(seconds: i64, locale: Locale) -> String {
    match locale {
        Locale::En if seconds <= 0 => "Trying again now.".into(),
        Locale::En => format!("Next try in {}.", span(seconds, locale)),
        Locale::ZhCn if seconds <= 0 => "正在重试。".into(),
        Locale::ZhCn => format!("{}后重试。", span(seconds, locale)),
    }
}

/// The quiet line when all is well: how long nothing has changed when events are live (a
/// newcomer read "last synced 57 s ago" as stale), when the last check was when polling.
pub fn synced(live: bool, seconds: i64, poll_seconds: u64, locale: Locale) -> String {
    match (locale, live) {
        (Locale::En, true) if seconds < 10 => "Live · up to date".into(),
        (Locale::En, true) => format!("Live · no news for {}", span(seconds, locale)),
        (Locale::En, false) => format!(
            "Checking every {poll_seconds} s · last checked {}",
            ago(seconds, locale)
        ),
        (Locale::ZhCn, true) if seconds < 10 => "实时 · 已是最新".into(),
        (Locale::ZhCn, true) => format!("实时 · {}内没有新消息", span(seconds, locale)),
        (Locale::ZhCn, false) => {
            format!(
                "每 {poll_seconds} 秒检查一次 · 上次检查于{}",
                ago(seconds, locale)
            )
        }
    }
}

/// The folded line of sent writes ("7 sent").
pub fn sent_count(count: usize, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{count} sent"),
        Locale::ZhCn => format!("已发送 {count} 条"),
    }
}

/// The link under a first visit's latest changes to the older ones in the timeline.
pub fn earlier_changes(count: usize, locale: Locale) -> String {
    match (locale, count) {
        (Locale::En, 1) => "1 earlier update is in the timeline below".to_string(),
        (Locale::En, _) => format!("{count} earlier updates are in the timeline below"),
        (Locale::ZhCn, _) => format!("更早的 {count} 条更新见下方时间线"),
    }
}

/// A role hand-over, for the "since you last looked" list.
pub fn hand_over(role: &str, holder: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{role} handed over to {holder}"),
        Locale::ZhCn => format!("{role} 交接给 {holder}"),
    }
}

/// What the screen-reader live region says about a new update.
pub fn announce(title: &str, status: &str, internal: bool, locale: Locale) -> String {
    match (locale, internal) {
        (Locale::En, false) => format!("New public update on {title}: {status}."),
        (Locale::En, true) => format!("New internal note on {title}: {status}."),
        (Locale::ZhCn, false) => format!("{title} 有新的公开更新：{status}。"),
        (Locale::ZhCn, true) => format!("{title} 有新的内部备注：{status}。"),
    }
}

/// Why the sync failed, in plain words.
pub fn sync_error(error: &SyncError, locale: Locale) -> String {
    match locale {
        Locale::En => format!("Reason: {error}."),
        Locale::ZhCn => {
            let reason = match error {
                SyncError::Unreachable(detail) => format!("无法连接到事件动态接口（{detail}）"),
                SyncError::TimedOut { seconds } => format!("接口在 {seconds} 秒内没有响应"),
                SyncError::Http { status, .. } => format!("接口返回了 HTTP {status}"),
                SyncError::Feed(FeedError::UnsupportedSchema { found, .. }) => {
                    format!("接口使用的数据格式 {found} 比此版本 Herald 更新，请升级 Herald")
                }
                SyncError::Feed(FeedError::Malformed { .. }) => {
                    format!("接口返回的不是有效的 JSON（{error}）")
                }
                SyncError::NotHerald => {
                    "来源是 Statuspage 页面，控制台无法向其发布；请将控制台指向 Herald 服务器"
                        .to_string()
                }
                other => format!("接口返回的内容无法读取（{other}）"),
            };
            format!("原因：{reason}。")
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use herald_domain::{Due, Locale};

    use super::{ago, countdown, due, span, synced};

    #[test]
    fn spans_and_countdowns_read_naturally() {
        assert_eq!(span(45, Locale::En), "45 s");
        assert_eq!(span(185, Locale::En), "3 min");
        assert_eq!(span(7_500, Locale::En), "2 h 5 min");
        assert_eq!(span(7_200, Locale::ZhCn), "2 小时");
        assert_eq!(ago(3, Locale::En), "just now");
        assert_eq!(ago(180, Locale::ZhCn), "3 分钟前");
        assert_eq!(due(272, Locale::En), "due in 4 min 32 s");
        assert_eq!(due(3_725, Locale::En), "due in 1 h 2 min 5 s");
        assert_eq!(due(272, Locale::ZhCn), "还有 4 分 32 秒");
        assert_eq!(due(42, Locale::En), "due in 42 s");
        assert_eq!(due(-180, Locale::En), "overdue by 3 min");
        assert_eq!(due(-180, Locale::ZhCn), "已逾期 3 分钟");
    }

    #[test]
    fn a_countdown_that_has_just_passed_is_overdue_by_at_least_a_second() {
        assert_eq!(
            countdown(Due::In(Duration::seconds(0)), Locale::En),
            "due in 0 s"
        );
        assert_eq!(
            countdown(Due::Overdue(Duration::milliseconds(200)), Locale::En),
            "overdue by 1 s"
        );
        assert_eq!(
            countdown(Due::Overdue(Duration::minutes(3)), Locale::ZhCn),
            "已逾期 3 分钟"
        );
    }

    #[test]
    fn a_quiet_live_feed_says_how_long_nothing_changed_not_when_it_synced() {
        // Regression (newcomer issue): "Live · last synced 57 s ago" read as stale.
        assert_eq!(synced(true, 3, 15, Locale::En), "Live · up to date");
        assert_eq!(synced(true, 57, 15, Locale::En), "Live · no news for 57 s");
        assert_eq!(
            synced(false, 20, 15, Locale::En),
            "Checking every 15 s · last checked 20 s ago"
        );
        assert_eq!(
            synced(true, 120, 15, Locale::ZhCn),
            "实时 · 2 分钟内没有新消息"
        );
    }
}
