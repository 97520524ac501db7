//! How an experienced communications lead reads a customer update: the seven judgements the
//! real-update corpus is labelled with (`domain/tests/fixtures/updates/LABELLING.md`), each with
//! the place in the text that decided it, and three more the check needs (the promised time of
//! the next update, whether data was lost, a promise without a time). The comms check
//! (`comms_check`) turns these into findings.
//!
//! The rules are sentence-based: most of their precision comes from two things in one sentence
//! (words about the next update and a time for it; a fix word, a future marker and a time).
//! Patterns are regex-lite (ASCII classes, no look-around), case-insensitive unless noted.

use std::ops::Range;

use crate::pattern::{self, Regex};
use serde::Deserialize;

use crate::label::Locale;
use crate::ranked::{position_rank, sort_by_compare, sort_by_rank};

/// The page's own words, from its settings: what is the company's and what it sells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PageTerms {
    /// Names of the company itself ("AWS", "Amazon"): its own systems are not a third party.
    pub own_names: Vec<String>,
    /// Product and feature names customers know, case-sensitive (`Droplets?`, `Spaces`): a
    /// text that names one says what is affected. Regular-expression fragments.
    pub product_names: Vec<String>,
    /// Engines the page sells (`mysql`, `redis`): "a `MySQL` cluster" is a product there.
    pub engines: Vec<String>,
    /// Lower-case location codes of the page that look like host names (`^(?:nyc|tor)\d$`).
    pub location_codes: Option<String>,
}

/// What the reader knows about the update besides its text.
#[derive(Debug, Clone, Default)]
pub struct Situation<'a> {
    /// The text's language.
    pub locale: Locale,
    /// The update closes the incident or the maintenance (resolved, completed, a postmortem).
    pub resolution: bool,
    /// The update is about scheduled maintenance: its window is its timing.
    pub maintenance: bool,
    /// The incident's title, whose words count as naming what is affected.
    pub title: &'a str,
    /// The affected components' names (and their aliases or translations).
    pub components: &'a [String],
}

/// The judgements on one text; each span is where it was decided (byte ranges of the text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// The next update is owed and the text gives no time for it.
    pub next_update_missing: bool,
    /// Internal detail: host names, IP addresses, paths, internal URLs, tickets, low-level units.
    pub internal_detail: Vec<Range<usize>>,
    /// Where the text blames a third party, a person or a team.
    pub blame: Option<Range<usize>>,
    /// Where the text promises a time for the fix.
    pub promised_fix_time: Option<Range<usize>>,
    /// Where the text presents a guess.
    pub guess: Option<Range<usize>>,
    /// Customers are affected and nothing apologises, regrets, thanks or appreciates.
    pub empathy_missing: bool,
    /// Nothing names the affected product, feature, region or users.
    pub affected_missing: bool,
    /// Where the text promises the time of the next update ("by 14:15 CET", "within the
    /// hour"), whether or not one is owed: a resolution that promises one misleads.
    pub next_update_promise: Option<Range<usize>>,
    /// Where the text says whether customers' data was lost ("No data was lost").
    pub data_outcome: Option<Range<usize>>,
    /// Where the text makes a promise without a time ("should be back shortly").
    pub vague_promise: Option<Range<usize>>,
}

/// The reviewer's rules, compiled once per page.
pub struct Reviewer {
    maintenance_text: Regex,
    done: Regex,
    not_done: Regex,
    goes_on: Regex,
    update_word: Regex,
    next_time: Regex,
    next_future: Regex,
    time_then_update: Regex,
    zh_time_then_update: Regex,
    follow_up: Regex,
    data_outcome: Regex,
    vague_promise: Regex,
    hostname: Regex,
    host_ok: Regex,
    ip: Regex,
    path: Regex,
    internal_url: Regex,
    ticket: Regex,
    lowlevel: Regex,
    /// The provider's own machines by how they are spoken of ("the remaining hosts", "one of
    /// our xen boxes"): lower case, so "Internal Server Error" is not one.
    fleet: Regex,
    url: Regex,
    quoted: Regex,
    blame: Regex,
    blame_subject: Regex,
    object_before: Regex,
    negation_before: Regex,
    negation_in: Regex,
    we: Regex,
    blame_bug: Regex,
    eta: Regex,
    no_eta: Regex,
    fix_time: Regex,
    zh_fix_time: Regex,
    fix_word: Regex,
    future: Regex,
    monitor: Regex,
    fix_near_time: Regex,
    /// "we now expect it to be 5:00 PM before …": a fix time even beside words about watching.
    expect_at: Regex,
    guess: Regex,
    empathy: Regex,
    no_impact: Regex,
    /// "little to no impact": a notice's expectation, but during an incident an admission.
    slight_impact: Regex,
    /// Words around an address customers set themselves ("A records pointed at …").
    customer_address: Regex,
    /// What a notice says customers will lose despite "we do not anticipate an impact".
    impact_stated: Regex,
    more: Regex,
    zh_thing: Regex,
    generic_thing: Regex,
    region_code: Regex,
    user_group_kind: Regex,
    user_action: Regex,
    user_group_capital: Regex,
    vague_group: Regex,
    token: Regex,
    word: Regex,
    own_names: Vec<Regex>,
    product_names: Vec<Regex>,
    engines: Vec<String>,
    own_products: Vec<Regex>,
    location_codes: Option<Regex>,
}

/// Why a page's own pattern (a product name, a location code, a host pattern) could not be
/// used: one shape for every page setting the check compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// The pattern as configured.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

fn insensitive(built_in: &str) -> Regex {
    pattern::compile(&apostrophes(built_in), true).expect("built-in patterns are valid")
}

fn sensitive(built_in: &str) -> Regex {
    pattern::compile(&apostrophes(built_in), false).expect("built-in patterns are valid")
}

/// Lets a pattern's apostrophe (`we'll`, `provider's`) match a typographic one too, as typed
/// on phones and Macs; inside a character class it is left alone (`[^"')]`).
fn apostrophes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let (mut in_class, mut escaped) = (false, false);
    for c in pattern.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '\'' if !in_class => {
                out.push_str("['’]");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

// Building blocks of the time patterns.
const NUMBER_WORD: &str = r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty[- ]five|sixty|ninety|half(?: an?)?)";
const UNIT: &str = r"(?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?)";
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const WEEKDAY: &str = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?";
const CLOCK: &str = r"(?:\d{1,2}[:.]\d{2}\b|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)|noon\b|midnight\b)";
const PARTY: &str = r"(?:(?:upstream|third[- ]party|3rd[- ]party|external|outside|cloud|public cloud|cdn|network|hosting|service|infrastructure|dns|model|data ?cent(?:er|re)|transit|telecom|carrier|isp|internet|storage|email|sms|notification|payments?|peering|uplink)\s+)*(?:providers?|vendors?|suppliers?|carriers?|isps?|partners?)\b";
const VENDOR: &str = r"(?:aws|amazon web services|azure|microsoft|google cloud|google|gcp|cloudflare|akamai|fastly|auth0|okta|twilio|sendgrid|stripe|dnspod|let's encrypt|level ?3|cogent|zayo|ntt|equinix|digicert|heroku|openai|anthropic)";
const DETERMINER: &str = r"(?:our|the|an?|one of our|their|this|that|these|those) ";

fn duration() -> String {
    format!(r"{NUMBER_WORD}(?:\s*(?:-|to|or)\s*\d+)?(?:\s+more)?\s*-?\s*{UNIT}\b")
}

fn date() -> String {
    format!(
        r"(?:\d{{4}}-\d{{2}}-\d{{2}}|{WEEKDAY}\b|{MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{MONTH}\b|tomorrow\b|tonight\b|today\b|this (?:morning|afternoon|evening|week)\b|end of (?:the )?(?:day|week)\b|eo[bd]\b)"
    )
}

/// A point or span of time that lies ahead.
fn ahead() -> String {
    format!(
        r"(?:{CLOCK}|{}|{}|(?:the |an? )?(?:next )?hour\b)",
        date(),
        duration()
    )
}

impl Reviewer {
    /// Compiles the rules with the page's own terms.
    ///
    /// # Errors
    /// The first product name or location pattern that is not a valid regular expression.
    ///
    /// # Panics
    /// Never: the built-in patterns are compiled by every test run.
    // A table of patterns, one field each: splitting it would only scatter the table.
    #[allow(clippy::too_many_lines)]
    pub fn new(page: &PageTerms) -> Result<Self, PatternError> {
        let page_pattern = |term: &str, source: String, case_insensitive: bool| {
            pattern::compile(&source, case_insensitive).map_err(|reason| PatternError {
                pattern: term.to_string(),
                reason,
            })
        };
        let own_names = page
            .own_names
            .iter()
            .map(|n| page_pattern(n, format!(r"\b{}\b", pattern::escape(n)), true))
            .collect::<Result<_, _>>()?;
        let product_names = page
            .product_names
            .iter()
            .map(|n| page_pattern(n, format!(r"\b(?:{n})\b"), false))
            .collect::<Result<_, _>>()?;
        // A word that starts with one of the page's products or engines, in any case.
        let own_products = page
            .product_names
            .iter()
            .map(|n| page_pattern(n, format!(r"^(?:{n})"), true))
            .chain(
                page.engines
                    .iter()
                    .map(|e| page_pattern(e, format!("^{}", pattern::escape(e)), true)),
            )
            .collect::<Result<_, _>>()?;
        let location_codes = page
            .location_codes
            .as_deref()
            .map(|p| page_pattern(p, p.to_string(), true))
            .transpose()?;
        let ahead = ahead();
        let duration = duration();
        let date = date();
        let eta_when = format!(
            r"(?:approximately |about |around |~)?(?:\d|{MONTH}\b|{WEEKDAY}\b|tomorrow|tonight|end of|eo[bd]\b)"
        );
        Ok(Self {
            maintenance_text: insensitive(
                r"\b(?:scheduled|emergency|planned) maintenance\b|\bmaintenance window\b|\bevent type:[^\n]{0,60}?(?:maintenance|upgrade|replacement|migration)|\bend time:|\bmaintenance dates?\s*:|进行维护|维护完毕|维护于|(?:计划|将于|定于|自)[^。！？\n]{0,60}?(?:维护|升级|扩容|迁移|演练)",
            ),
            done: insensitive(concat!(
                r"\b(?:has|have|had) (?:now )?been (?:fully |completely |successfully )?(?:resolved|fixed)\b",
                r"|\b(?:is|are) (?:now )?(?:fully |completely )?(?:resolved|fixed)\b|\bshould (?:now )?be (?:fully )?resolved\b",
                r"|\bfixed the (?:issue|problem)\b|\b(?:has|have) (?:now )?fixed (?:it|this|the)\b|\b(?:everything|all services|all systems) (?:is |are )?(?:now )?operating normally\b",
                r"|\bthis incident (?:is|has been) (?:now )?(?:closed|resolved)\b|\bfix is (?:included|now available|live)\b",
                r"|\b(?:we've|we have|has|have) (?:now )?(?:fully |successfully )?resolved (?:the|this|that) (?:issue|problem|incident|outage)\b",
                r"|已解决|已修复|全部恢复|全面恢复|完全恢复|已经?恢复|恢复正常|已(?:于|在)[^，,。]{0,12}?恢复",
            )),
            not_done: insensitive(concat!(
                r"\b(?:not|once|until|unless|when|whether|if|before|after|soon|confirm\w*|ensure|make sure|verify|validate|partially|partly",
                r"|continue to investigate|still|most|majority|some|subset|number of|remaining|residual|working on|working to|will post|will provide|will share)\b",
                r"|\d+ ?%|但|仍|继续|还在|部分|主要|大部分|基本|逐步|陆续",
            )),
            goes_on: insensitive(r"继续|还在|仍|但|持续|密切|监控|观察|\bstill\b|\bcontinu\w*"),
            update_word: insensitive(concat!(
                r"\b(?:an?|another|next|further|more|additional|new|regular|periodic|hourly|status|progress|the next|our next) (?:\w+ )?(?:updates?|comms|communications?)\b",
                r"|\b(?:post|provide|share|send|give|publish|communicat)\w* (?:\w+ ){0,2}?updates?\b",
                r"|\b(?:updates?|comms) (?:will|would|to be|are|is|every|each|in|within|by|at|around)\b",
                r"|\bupdate (?:you|this|the (?:status|page|incident)|statuspage|here|again)\b",
                r"|\b(?:information|info|details|news)\b",
                r"|\b(?:report(?:ing)? back|report on|follow up|be back|check (?:back|in)|let you know|keep you|(?:we'll|we will|we shall) return|stand by)\b",
                r"|\b(?:resolve|close) (?:this|the) incident\b",
                r"|更新|通知|告知|报告",
            )),
            next_time: insensitive(&format!(
                r"\b(?:within|in|by|before|after|around|at|no later than|every|each)\s+(?:the\s+|an?\s+)?(?:next\s+)?(?:approximately\s+|about\s+|roughly\s+|~\s*)?{ahead}|\b(?:hourly|half-hourly)\b|\b(?:early|late|later) (?:next week|this week|tomorrow|today)\b|\b(?:in|within) (?:the next )?(?:a few|a couple(?: of)?) hours\b|\d+\s*(?:分钟|小时)(?:内|后|之内)|\d{{1,2}}[:：]\d{{2}}\s*(?:前|之前)"
            )),
            next_future: insensitive(
                r"\b(?:will|we'll|shall|next|going to|plan\w*|expect\w*|stand by|to be (?:provided|posted|shared|sent))\b|将|会",
            ),
            time_then_update: insensitive(&format!(
                r"\b(?:be back|return|check back|report back|follow up)\s+(?:in|within)\s+(?:the\s+|an?\s+)?(?:next\s+)?{ahead}"
            )),
            // Chinese puts the time before the update: 我们将在09:51 CET前发布下一次更新.
            zh_time_then_update: insensitive(concat!(
                r"(?:\d{1,2}[:：]\d{2}[^。！？\n]{0,12}?(?:前|之前)|\d+\s*(?:分钟|小时)(?:内|后|之内))",
                r"[^。！？\n]{0,20}?(?:更新|通知|告知|报告)",
            )),
            // A report promised after the incident is not a status update.
            follow_up: insensitive(
                r"\b(?:post-?mortem|post-incident|incident (?:report|review|summary)|root cause analysis|rca|retrospective|write-?up)\b|复盘|事故报告|故障报告",
            ),
            data_outcome: insensitive(concat!(
                r"\bdata\b[^.;\n]{0,50}?\b(?:lost|loss|safe|intact|preserved|corrupt\w*|deleted)\b",
                r"|\b(?:no|not|never|none of)\b[^.;\n]{0,30}?\bdata\b[^.;\n]{0,30}?\b(?:affected|impacted)\b|\bdata\b[^.;\n]{0,30}?\b(?:was|were|is|are|has|have) (?:not|never)(?: been)? (?:affected|impacted)\b",
                r"|\b(?:lost|loss of|losing|deleted|corrupted) (?:any |no )?(?:customer |your |user )?data\b",
                r"|\b(?:was|were|has been|have been|is|are|will be|(?:was|were|is|are|have|has) not(?: been)?) lost\b",
                r"|\bwithout (?:any )?(?:data )?loss\b",
                r"|数据[^。！？\n]{0,12}?(?:丢失|安全|完整|损坏|未受影响|不受影响|没有受到影响)|(?:丢失|损坏)[^。！？\n]{0,6}?数据",
            )),
            vague_promise: insensitive(concat!(
                r"\b(?:should|will|expect\w*|hope\w*|anticipat\w*|going to)\b[^.;\n]{0,50}?\b(?:back|available|online|normal|working|up and running|resolved|fixed|restored|recover\w*|complete\w*|operational)",
                r"\b[^.;\n]{0,20}?\b(?:shortly|soon|momentarily|any (?:minute|moment)(?: now)?|in no time|in a (?:bit|moment|little while|few moments)|imminently)\b",
                r"|\b(?:fix|resolution|recovery|patch)(?:es)? (?:is|are|will be) (?:coming|on (?:its|the) way|rolling out|expected|due)\b[^.;\n]{0,20}?\b(?:shortly|soon|momentarily)\b",
                r"|(?:很快|马上|即将|稍后)(?:就)?(?:会|能|可以|将)?(?:恢复|修复|解决|正常)",
            )),
            hostname: insensitive(
                r"\b[a-z][a-z]*(?:-[a-z]+)*-?\d{1,3}(?:[a-z]\b|\b)(?:\.[a-z]+\d*)*",
            ),
            host_ok: insensitive(concat!(
                // Region codes start with a place (us-east-1, europe-west1); db-eu-3 is a host.
                r"^(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn|asia|europe|austr[a-z]?[a-z]?lia|northamerica|southamerica|africa)(?:-gov)?-[a-z]+-?\d[a-z]?|(?:us|eu|ap|sa|ca|me|af|il|mx)[a-z]*\d(?:-az\d)?|[a-z]+\d-az\d|az\d",
                r"|(?:north|south|east|west|central)[a-z]*\d|[a-z]{2}-(?:north|south|east|west|central)[a-z]*-?\d",
                r"|[a-z]\d[a-z]{0,3}|inf\d|trn\d|ipv[46]|v\d+|http\d|tls\d|sha\d|md5|x86|arm64|k8s|utf-?8|3lo|2fa|mfa|fy\d+|route-?53",
                r"|(?:macos|windows|win|ubuntu|debian|centos|rhel|node|python|ruby|php|java|go|gpt|llama|sonnet|opus|gemini|claude|qwen|mistral|mixtral|deepseek|gemma|phi|ios|android)-?\d.*",
                // A model by its maker: alibaba-qwen3-32b, meta-llama3.
                r"|[a-z]+-(?:gpt|llama|qwen|mistral|mixtral|deepseek|gemma|phi|claude|gemini)-?\d.*",
                r"|v\d+\..*|\w+-\d{4}|.*\.(?:com|net|org|io|cn|cloud|app|dev|co))$",
            )),
            ip: insensitive(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"),
            path: insensitive(
                r#"(?:^|[\s("'])/(?:etc|var|usr|opt|tmp|home|srv|proc|dev|mnt|root|lib|bin)/[\w./-]*"#,
            ),
            internal_url: insensitive(
                r"\b[\w-]+(?:\.[\w-]+)*\.(?:internal|local|corp|lan|intra|priv)\b|\blocalhost\b",
            ),
            ticket: sensitive(r"\b(?:INC|OPS|SRE|JIRA|PROD|INFRA|ENG)-\d{2,6}\b"),
            lowlevel: insensitive(concat!(
                r"集群|分片|交换机|物理机|宿主机|主库|从库|部分节点|存储节点|网络设备|\benqueued jobs\b|\b(?:push|background|queue|job) workers\b|\bshards?\b|\bsharding\b|\bdaemonsets?\b|\bstorage nodes?\b|\bfile ?servers?\b",
                r"|\b(?:database|db|file|disk|storage|index) partitions?\b|\bpartition\b",
                r"|\b(?:rebooted|restarted|replaced|core|network|top[- ]of[- ]rack|aggregation|spine|leaf) (?:network )?switch(?:es)?\b|\bswitches\b",
                r"|\bline ?cards?\b|\b(?:port/)?switch configuration\b|\b(?:border|edge|core) routers?\b",
                r"|\brouters? (?:were |was |have been |has been )?(?:updated|upgraded|rebooted|restarted|replaced)\b|\bjumbo\b|\bbrocade\b",
                // The provider's own units only: a customer's "new cluster" or failed tasks are its product.
                r"|\b(?:our|the) new (?:database |storage )cluster\b|\ba new (?:database|storage) cluster\b|\bcompute nodes\b|\bproduction backbone\b|\bgateway campus(?:es)?\b|\b(?:our|internal|backend) (?:\w+ )?task (?:crash|failure|restart)e?s\b",
                r"|\b(?:our|the) new cluster\b|\bone cluster to another\b|\bone of (?:the|our) (?:load balancers?|clusters?|routers?|servers?|hosts?|nodes?|databases?|switch(?:es)?)\b|\b(?:our|the) internal (?:dns|network) (?:setup|servers?|resolvers?)\b|\bleaked instances\b|\bconfiguration files?\b|\bconfig files?\b|\boffending file\b",
                r"|\bunhealthy (?:task|pod|container|node|host)s?\b|\b(?:tasks?|pods?|containers?|nodes?|hosts?) (?:in|of|on) our\b",
                r"|\b(?:these|those|the|our) pods\b|\bpods? of our\b",
                r"|\b(?:redis|elasticsearch|elastic ?search|mysql|postgres(?:ql)?|memcached?|kafka|zookeeper|cassandra|hbase|vitess|mongo(?:db)?|rabbitmq|etcd|consul|haproxy|nginx|ceph)",
                r" (?:clusters?|hosts?|servers?|nodes?|primar(?:y|ies)|replicas?|masters?|instances?|shards?|upgrades?|migrations?|failovers?)\b",
            )),
            fleet: sensitive(concat!(
                // Not "underlying hosts": on a cloud page that is the customer's hypervisor.
                r"\b(?:[Tt]he remaining|[Rr]emaining|[Ii]nternal|[Aa] few of our|[Ss]ome of our|[Ss]everal of our|[Oo]ne of our|xen) ",
                r"(?:[a-z]+ )?(?:hosts|servers|nodes|machines|boxes|clusters|switch(?:es)?|routers?)\b",
                r"|\b[Ii]nternal (?:[a-z]+ )?(?:host|server|node|machine|box|cluster)\b",
                r"|\b(?:[Tt]he|[Aa]) (?:network )?switch (?:has|had|is|was|failed|went|issue|problem|firmware|fabric)\b",
                r"|\b[Ll]ost (?:a|one|two|several) (?:of (?:our|the) )?(?:[a-z]+ )?(?:load balancers?|routers?|switch(?:es)?|servers?|hosts?|nodes?|machines?|disks?)\b",
                // "rebooting the Pages webserver"; not "your server", which is the customer's.
                r"|\b[Rr]e(?:boot|start)(?:ed|ing) (?:the|our|one of (?:the|our)) (?:[A-Z][\w-]* )?(?:web ?servers?|servers?|hosts?|routers?|switch(?:es)?|load balancers?)\b",
            )),
            url: insensitive(
                r#"\bhttps?://[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+|\b[\w.+-]+@[\w-]+\.[\w.]+"#,
            ),
            quoted: sensitive(r#""[^"\n]{0,200}"|“[^”\n]{0,200}”"#),
            blame: insensitive(&format!(
                concat!(
                    r"\b(?:due to|caused by|because of|result of|resulting from|stemming from|attributed to|triggered by|related to|isolated to|originat\w+ (?:from|with|at))\b[^.;\n]{{0,60}}?\b(?:{p}|upstream\b|third[- ]party\b|{v}\b)",
                    r"|\bthird[- ]party (?:incident|outage|issue|problem|failure|disruption)s?\b",
                    r"|\bexternal (?:network |provider |vendor )?(?:incident|outage|failure|disruption)s?\b",
                    r"|\b(?:issues?|problems?|failures?|outages?|incidents?|disruptions?|degradation|errors?|bugs?|faults?|attacks?)\s+(?:with|at|on|in|from|affecting|within)\s+(?:an?\s+|the\s+|our\s+|one of our\s+|a few of our\s+)?(?:{p}|upstream\b|{v}\b)",
                    r"|\bupstream (?:issues?|problems?|failures?|outages?|incidents?|bugs?)\b",
                    r"|\b(?:impacted|affected|failing|faulty) (?:upstream )?(?:{p})",
                    // "the impacted AWS availability zone": the vendor's part named as the cause.
                    r"|\b(?:impacted|affected|failing|faulty|failed) {v}\b",
                    // Moving to an unaffected provider says the first one was the cause.
                    r"|\b(?:to|onto) (?:an? |another |a different |our )?(?:unaffected|alternate|alternative|backup|secondary|different) {p}",
                    r"|\bon (?:their|the (?:vendor|provider)'s) (?:side|end)\b",
                    r"|\b{v}(?:'s)?(?: [\w-]+){{0,3}}? (?:outage|incident|disruption|degradation|failure|issue|problem)s?\b",
                    r"|\b(?:{v}|[a-z0-9]+)'s fault\b|\bnot our fault\b|\bfault (?:of|lies with)\b",
                    r"|\b{p}'s (?:mistake|error|fault)s?\b",
                    r"|\b(?:human|operator|engineer|employee|manual) error\b",
                    r"|\b(?:our|an?|the|one of our) (?:engineers?|employees?|operators?|contractors?|team members?|staff|developers?|teams?)(?:'s)? (?:made an? |made |error|mistake)",
                    r"|\b(?:mistake|error) (?:by|of|made by) (?:an?|our|the|one of our) (?:engineer|employee|operator|contractor|team|staff|developer)",
                    r"|(?:由于|因为|因|受)[^。，,；]{{0,12}}(?:第三方|供应商|服务商|运营商|上游|DNSPod)|人为失误|操作失误|人为错误|误操作",
                ),
                p = PARTY,
                v = VENDOR
            )),
            blame_subject: insensitive(&format!(
                concat!(
                    r"\b{d}{p}(?:'s)?(?: [\w,]+){{0,8}}? (?:is|are|was|were|has been|have been|continues? to be) (?:currently |still |now )?(?:experiencing|having|suffering|seeing|down\b|degraded|impacted|affected|unavailable|investigating)",
                    r"|\b{d}{p}(?: [\w,]+){{0,6}}? (?:is|are|has|have|had|continues?|confirm\w*)(?: been| to| they've| they have| now| actively| currently| still| fully| working| work| on| towards| to| a| the| and)* (?:mitigat|resolv|fix|restor|address|remediat|appl|implement|deploy)\w*",
                    r"|\bwait\w* (?:on|for) (?:our |the |an? )?{p} to\b",
                    r"|\b{d}{p}(?: [\w-]+){{0,3}}? (?:caused|broke|triggered|(?:is|was) responsible for)\b",
                    // "AWS also restored power to the affected data center", as "Microsoft has resolved".
                    r"|\b{v}(?: also| has| have| now| then| later)* (?:restored|resolved|mitigated|fixed|repaired)\b",
                    r"|\bwait\w* (?:on|for) (?:an? |the )?(?:eta|fix|patch|resolution|response|update) from (?:our |the |an? )?(?:{p}|{v}\b)",
                    r"|(?:供应商|服务商|服务提供商)[^。，,；]{{0,8}}(?:确认|通知|检测到)|接[^。，,；]{{0,10}}(?:供应商|服务商|服务提供商)[^。，,；]{{0,4}}通知|上报(?:给)?运营商",
                    r"|(?:第三方|供应商|服务商|服务提供商|运营商|上游|DNSPod|CDN\s*厂商)[^。，,；]{{0,12}}(?:故障|问题|异常|中断|错误)",
                ),
                d = DETERMINER,
                p = PARTY,
                v = VENDOR
            )),
            object_before: insensitive(
                r"(?:\bwith|\bcontact|\bcontacting|\bcontacted|联系|与|和|同)\s*(?:our |the |an? |one of our |all )?$",
            ),
            negation_before: insensitive(r"\b(?:not|no|nor|never|unrelated|rule[sd]? out)\b"),
            negation_in: insensitive(r"\b(?:not|no|own)\b"),
            we: insensitive(r"\bwe\b|\bus\b"),
            blame_bug: sensitive(
                r"\b(?:caused by|due to|result of|root cause(?: of [a-z ]{0,20})? (?:is|was)) an? (?:known )?(?:[A-Z][A-Za-z0-9]+|upstream|third-party|open-source) bug\b",
            ),
            eta: insensitive(&format!(
                r"\beta\b\s*[:(]?\s*{eta_when}|\beta\b[^.;\n]{{0,60}}?\b(?:is|of|at|to|by|around|approximately|about)\s+{eta_when}"
            )),
            no_eta: insensitive(
                r"\b(?:no|not have an?|not have any|without an?|don't have an?|unable to provide an?)\s+(?:firm |definitive |specific |current |exact )?eta\b",
            ),
            fix_time: insensitive(&format!(
                r"\b(?:within|in|by|before|over|until|no later than|around|(?:beginning|starting) at)\s+(?:the\s+|an?\s+)?(?:next\s+|coming\s+)?(?:approximately\s+|about\s+|roughly\s+|~\s*|(?:just|a little) (?:over|under)\s+)?(?:{CLOCK}|{date}|{duration}|hour\b|weekend\b)|\b(?:approximately|about|roughly) {duration}|\btake (?:another|an additional|a further) {duration}|\b(?:estimate|eta|expectation)s? (?:for|of) (?:the )?(?:full |complete )?(?:recovery|resolution|restoration|mitigation|fix)\s+(?:is|at|by|of|to be)\s+(?:approximately |about |around )?(?:{CLOCK}|{date}|{duration})"
            )),
            expect_at: insensitive(&format!(
                r"\bexpect (?:it|this|that) to (?:be|take) (?:until |approximately |about |around )?(?:{CLOCK}|{date}|{duration})"
            )),
            zh_fix_time: insensitive(concat!(
                r"(?:预计|将在|会在|可在|争取在)[^。！？\n]{0,15}?(?:[0-9]+\s*(?:分钟|小时)|[0-9]{1,2}[:：][0-9]{2}|[0-9]{1,2}\s*点|今天|今晚|明天)",
                r"[^。！？\n]{0,8}?(?:修复|恢复|解决)",
            )),
            fix_word: insensitive(concat!(
                r"\b(?:fix\w*|mitigat\w*|resol\w*|recover\w*|restor\w*|roll ?out|rolled out|rolling out|deploy\w*|appl(?:y|ied)|complet\w*",
                r"|back online|back up|be back|back to normal|available again|up to date|caught up|released?|repair\w*|remediat\w*",
                // A backlog's end is the fix customers wait for: "the queue is expected to clear".
                r"|clear(?:ed)?|drain(?:ed)?|(?:fully )?processed|operating normally|normal levels)\b|修复|恢复|解决",
                // Delayed data is fixed when it is current again: "Data should be updated in 2 hours".
                r"|\b(?:data|reports?|dashboards?|metrics|analytics|statistics)\b[^.;\n]{0,20}?\bbe (?:fully )?(?:updated|available|current|up to date)\b",
            )),
            future: insensitive(concat!(
                r"\b(?:expect\w*|estimat\w*|anticipat\w*|will|should|eta|projected|scheduled to|aim\w* to|plan\w* to|target\w*|going to",
                r"|to be (?:fully |completely )?(?:resolved|fixed|restored|completed?|deployed|mitigated))\b|预计|将在|将于|争取",
            )),
            monitor: insensitive(r"\bmonitor\w*|\bkeep (?:this|the) incident open\b|\bobserv\w*"),
            fix_near_time: insensitive(&format!(
                r"\b(?:fix\w*|mitigat\w*|resol\w*|recover\w*|restor\w*|roll ?out|deploy\w*|appl(?:y|ied)|complet\w*|back up|back online|be back|available again)\b(?: (?:be|been|fully|completely|successfully|out|it|them))* (?:within|in|by|before|over)\s+(?:the\s+)?(?:next\s+)?(?:approximately\s+|about\s+)?(?:{CLOCK}|{date}|{duration}|hour\b)"
            )),
            guess: insensitive(concat!(
                r"\bwe (?:currently |now |still )?(?:believe|think|suspect|assume|presume)\b|\b(?:team|engineers?|they) (?:believes?|thinks?|suspects?)\b|\b(?:is|are|was|were) (?:believed|thought|suspected) to\b|\bexpected to have (?:caused|triggered|led to|contributed)\b",
                r"|\b(?:probably|presumably|our guess|we guess)\b|也许",
                r"|\bsuspected\b|\bpreliminary (?:analysis|investigation|findings|indications?|root cause|assessment)\b|\bearly indications\b",
                r"|\binitial (?:analysis|investigation|findings|assessment)\b[^.;\n]{0,40}?\b(?:revealed|reveals|indicates?|indicated|shows?|showed|suggests?|suggested|points? to|pointed to)\b",
                r"|\b(?:it|this|which) (?:appears|seems|looks) (?:like|that|as if|to be (?:caused|due|related|the result|a result))\b",
                r"|\bappears? to be (?:an? |the )?(?:direct |likely |possible )?(?:ddos|attack|caused|due|related|result|consequence|full|bug|problem with|issue with)",
                r"|\b(?:likely|probably|possibly|potentially|presumably) (?:caused|due to|related to|the result|a result|stemming|triggered|because)\b",
                r"|\b(?:identified|determined|traced) (?:it )?as (?:an? |the )?(?:potential|possible|probable|likely|suspected)\b",
                r"|\b(?:potential|possible|probable|suspected) (?:upstream |root )?(?:cause|issue|problem) (?:is|was|appears|seems|of the (?:issue|problem) (?:is|was))\b",
                r"|\bthere (?:may|might|could) be an? (?:issue|problem|bug)\b|\b(?:may|might|could) have been (?:identified|found|isolated|pinpointed)\b",
                r"|\b(?:appears?|seems?) to (?:be|have been) (?:resolved|fixed|mitigated|recovered|restored|effective|stable|working)\b",
                r"|\b(?:may|might|could) (?:be|have been) (?:caused|due to|related to|the result|triggered)\b",
                r"|\b(?:that|which) (?:may|might|could) (?:be causing|be contributing|be responsible|have caused)\b",
                // Hedges a lead writes that the published corpus hardly has ("our working theory is").
                r"|\bour (?:current |working |initial |leading )?(?:theory|hypothesis) (?:is|suggests|points)\b|\bor possibly\b",
                r"|\b(?:seems?|appears?) to (?:be (?:an? |the )(?:issue|problem|bug|fault) (?:with|in)|stem from|originate (?:from|in)|come from)\b",
                r"|\b(?:may|might|could) (?:stem|originate) from\b|\bcould be (?:an? |the )?(?:result|consequence) of\b",
                r"|可能是由于|可能是因为|可能由于|可能因为|初步(?:判断|分析|定位|排查|怀疑)|疑似|怀疑|推测|估计是|我们认为|应该是由于",
            )),
            empathy: insensitive(concat!(
                r"\b(?:sorry|apologi[sz]e\w*|apolog(?:y|ies)|regret\w*|thanks?\b|thank you|appreciate\w*|grateful|gratitude|patience|bearing with us|bear with us|sitting tight)",
                r"|抱歉|歉意|致歉|道歉|对不起|感谢|谅解|不便",
            )),
            no_impact: insensitive(concat!(
                r"\b(?:do|does|did|will) not (?:expect|anticipate|foresee) (?:any |there to be any )?(?:[\w-]+ ){0,3}?(?:impact|disruption|interruption|downtime|outage)s?\b",
                // Contracted, only with "any": "we don't expect the outage to last" is no notice.
                r"|\b(?:don't|doesn't|didn't|won't) (?:expect|anticipate|foresee) (?:to see |there to be )?any (?:[\w-]+ ){0,3}?(?:impact|disruption|interruption|downtime|outage)s?\b",
                r"|\bno (?:[\w-]+ ){0,2}?(?:impact|disruption|interruption|downtime|outage)s? (?:is |are )?(?:expected|anticipated)\b",
                r"|\b(?:should|will) not (?:expect|experience|see|notice) any (?:[\w-]+ ){0,2}?(?:impact|disruption|interruption|downtime|outage|issues?)\b",
                r"|\bno (?:customers?|users?) (?:were|was|are|is|will be) (?:impacted|affected)\b",
                r"|\bno actions? (?:were|was) taken\b",
                r"|\b(?:unable to perform|did not perform|not perform) the maintenance\b|\bmaintenance (?:was |has been |is )?(?:cancel+ed|postponed|rescheduled)\b",
                r"|\b(?:cancel+ed|postponed?) and moved\b|\bwith no (?:[\w-]+ ){0,2}?(?:impact|interruption|downtime)\b|不会影响",
            )),
            slight_impact: insensitive(r"\blittle (?:to|or) no (?:\w+ )?impact\b"),
            more: insensitive(r"\b(?:further|additional|more|other)\b"),
            customer_address: insensitive(
                r"\b(?:a|aaaa|cname) records?\b|\bdns\b|\bpoint(?:ed|ing|s)? (?:at|to)\b|\ballow ?list|\bwhitelist|\bfirewall",
            ),
            impact_stated: insensitive(concat!(
                r"\b(?:you|customers|users) will (?:not be able to|be unable to)\b",
                r"|\bwill be (?:temporarily |briefly )?(?:disabled|unavailable|unreachable|interrupted|paused|blocked)\b",
            )),
            zh_thing: insensitive(
                r"节点|云引擎|订单|下单|结账|支付|付款|购物车|账户|账号|注册|控制台|存储|数据库|实时通[讯信]|即时通讯|推送|短信|登录|域名|网站|接口|API|SDK|文件|统计|部署|日志|搜索|消息|聊天|工单|华东|华北|华南|国内|海外|美国|中国|北京|上海",
            ),
            generic_thing: insensitive(concat!(
                r"\b(?:apis?|website|web ?site|site|web app|web|mobile|desktop|ios|android|app(?:s|lication)?|console|dashboard|control panel|portal|cli|sdk",
                r"|log ?in|logins?|sign[- ]?(?:in|on|up)|sso|saml|authentication|accounts?|billing|payments?|invoices?|checkout|signups?",
                r"|notifications?|emails?|sms|webhooks?|messages?|messaging|chat|calls?|huddles?|channels?|threads?|search|uploads?|downloads?|files?|attachments?|previews?",
                r"|builds?|pipelines?|deployments?|deploys|jobs?|runners?|repositor(?:y|ies)|repos?|forks?|git|pushes|pulls?|content|releases?|pull requests?|issues page|pages|status ?page|wiki",
                r"|boards?|cards?|calendars?|forms?|documents?|spreadsheets?|tasks? lists?",
                r"|integrations?|workflows?|graphs?|metrics|logs?|logging|alerts?|analytics|dns|domains?|cdn",
                r"|instances?|virtual machines?|vms?|droplets?|volumes?|buckets?|objects?|databases?|clusters?|containers?|functions?|load balancers?|firewalls?|snapshots?|backups?",
                r"|networking|connectivity|network connectivity|vpc|vpn|ip addresses|ipv[46])\b",
            )),
            region_code: insensitive(
                r"\b(?:[a-z]{2}-[a-z]+-\d|[a-z]{3}\d\b|[a-z]{2,12}-[a-z]+\d\b|(?:us|eu|asia|europe|me|ap|sa|ca|af)[a-z]*-[a-z]+\d?)",
            ),
            user_group_kind: insensitive(concat!(
                r"\b(?:mobile|desktop|web|browser|enterprise|free|paid|business|pro|premium|team|education|trial|android|ios|windows|mac|macos|linux|api|sso|saml|guest|external|admin)",
                r" (?:plan |tier )?(?:users|customers|accounts|organizations|workspaces|developers|admins|members)\b",
            )),
            user_action: insensitive(concat!(
                r"\b(?:when|while|after|before) (?:trying to |attempting to )?(?:push|pull|clon|fetch|log(?:g)?(?:ing)? in|sign(?:ing)? in|deploy|upload|download",
                r"|connect|load|view|send|creat|run|access|build|search|sync|stream|check(?:ing)? out|pay|purchas)\w*",
            )),
            user_group_capital: sensitive(concat!(
                r"\b[A-Z][\w-]+ (?:users|customers|accounts|organizations|orgs|workspaces|developers|admins|administrators|members|subscribers)\b",
                r"|\b(?:users|customers|people) (?:in|on|from|using|of) (?:the )?[A-Z][\w.-]+",
            )),
            vague_group: sensitive(
                r"^(?:Some|All|Many|Most|Few|A|The|Our|Affected|Impacted|These|Those|Other|Any|More|No|Certain|Several|Existing|New|We|If|For|Some of our)$",
            ),
            token: sensitive(r"[a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9]"),
            word: sensitive(r"[A-Za-z][A-Za-z0-9.&-]*"),
            own_names,
            product_names,
            engines: page.engines.iter().map(|e| e.to_lowercase()).collect(),
            own_products,
            location_codes,
        })
    }

    /// Reads `text` as a reviewer would, in `situation`.
    pub fn review(&self, text: &str, situation: &Situation<'_>) -> Review {
        let sentences = sentences(text);
        // ASCII lower case keeps byte offsets, so a sentence's range slices both; the cheap
        // word checks before the large patterns read it.
        let lower = text.to_ascii_lowercase();
        let window = situation.maintenance || self.announces_maintenance(text);
        let internal_detail = self.internal_spans(text);
        let next_update_promise = self.next_update_promise(text, &lower, &sentences);
        Review {
            next_update_missing: !(situation.resolution || window)
                && next_update_promise.is_none()
                && !self.declares_resolved(text, &sentences),
            blame: self.blame(text, &lower, &sentences),
            promised_fix_time: (!window)
                .then(|| self.promised_fix_time(text, &lower, &sentences))
                .flatten(),
            // Its words are joined by plain spaces, so a match never spans two sentences.
            guess: self.guess.find(text).map(|m| m.range()),
            empathy_missing: self.empathy_missing(text, window),
            affected_missing: !self.names_affected(text, &internal_detail, situation),
            internal_detail,
            next_update_promise,
            data_outcome: self.data_outcome.find(text).map(|m| m.range()),
            vague_promise: self.vague_promise(text, &lower),
        }
    }

    /// Whether the address at `span` is one customers set themselves: its sentence speaks of
    /// DNS records, pointing at it, allow lists or firewalls ("A records pointed at
    /// 207.97.227.245"). Such an address is the customer's to know, not internal detail.
    pub fn is_customer_address(&self, text: &str, span: &Range<usize>) -> bool {
        // A private address (10.x, 192.168.x, 172.16–31.x, 127.x) is never one customers set.
        let address = &text[span.clone()];
        let mut octets = address.split('.').map(|o| o.parse::<u8>().unwrap_or(0));
        let (first, second) = (octets.next().unwrap_or(0), octets.next().unwrap_or(0));
        let private = matches!((first, second), (10 | 127, _) | (192, 168) | (172, 16..=31));
        !private
            && sentences(text)
                .into_iter()
                .find(|s| s.start <= span.start && span.end <= s.end)
                .is_some_and(|s| self.customer_address.is_match(&text[s]))
    }

    /// Whether the text announces maintenance (its window is its timing).
    pub fn announces_maintenance(&self, text: &str) -> bool {
        self.maintenance_text.is_match(text)
    }

    /// Whether `word` starts with one of the page's own products or engines (`PostgreSQL` on a
    /// page that sells it): never jargon there.
    pub fn is_own_product(&self, word: &str) -> bool {
        self.own_products.iter().any(|p| p.is_match(word))
    }

    /// A sentence of the text that itself declares the problem resolved ("has been fixed").
    fn declares_resolved(&self, text: &str, sentences: &[Range<usize>]) -> bool {
        let settled = |clause: &str| self.done.is_match(clause) && !self.not_done.is_match(clause);
        sentences.iter().any(|s| {
            let s = &text[s.clone()];
            // Chinese strings a whole report into one sentence of clauses ("自 11:00 起部分请求
            // 失败，已在 11:30 完全恢复"): the clause that says it is over decides, unless the
            // sentence goes on ("我们还在继续观察").
            if s.chars().any(is_cjk) {
                !self.goes_on.is_match(s) && s.split(['，', ',']).any(settled)
            } else {
                settled(s)
            }
        })
    }

    /// The time of the first sentence that promises communication and gives a time for it
    /// after the promise: the time must come after the words, which leaves out past
    /// timestamps ("As of 11:22 UTC, we will share an update once…") and fix times; a report
    /// promised after the incident (a postmortem within 5 days) is not a next update.
    fn next_update_promise(
        &self,
        text: &str,
        lower: &str,
        sentences: &[Range<usize>],
    ) -> Option<Range<usize>> {
        sentences.iter().find_map(|range| {
            let s = &text[range.clone()];
            if !mentions(&lower[range.clone()], TIME_HINTS) || !self.next_future.is_match(s) {
                return None;
            }
            // A report after the incident ("a postmortem within 5 days") is not the next update;
            // the promise beside it in the same sentence still counts.
            let at = |from: usize, to: usize| {
                let promise = range.start + from..range.start + to;
                (!self.follow_up.is_match(&text[promise.clone()])).then_some(promise)
            };
            // From the words about the update to the end of its time.
            self.update_word
                .find_iter(s)
                .find_map(|m| {
                    let time = self.next_time.find(&s[m.start()..])?;
                    at(m.start(), m.start() + time.end())
                })
                .or_else(|| {
                    self.time_then_update
                        .find(s)
                        .and_then(|t| at(t.start(), t.end()))
                })
                .or_else(|| {
                    self.zh_time_then_update
                        .find(s)
                        .and_then(|t| at(t.start(), t.end()))
                })
        })
    }

    /// A promise without a time ("should be back shortly"); "as soon as" is a condition, not a
    /// promise.
    fn vague_promise(&self, text: &str, lower: &str) -> Option<Range<usize>> {
        if !mentions(lower, VAGUE_HINTS) {
            return None;
        }
        self.vague_promise
            .find_iter(text)
            .find(|m| {
                let low = &lower[m.range()];
                !(low.ends_with("soon") && lower[m.end()..].starts_with(" as"))
            })
            .map(|m| m.range())
    }

    /// Every piece of internal detail, in order of position.
    pub fn internal_spans(&self, text: &str) -> Vec<Range<usize>> {
        let hidden = blank(&blank(text, &self.url), &self.quoted);
        let mut spans = Vec::new();
        for m in self.hostname.find_iter(&hidden) {
            let token = m.as_str();
            let low = token.to_lowercase();
            let public = self.host_ok.is_match(&low)
                || self.engines.contains(&low)
                || self
                    .location_codes
                    .as_ref()
                    .is_some_and(|c| c.is_match(&low));
            let capitals =
                token.chars().any(char::is_alphabetic) && !token.chars().any(char::is_lowercase);
            let letters = low.trim_end_matches(|c: char| c.is_ascii_digit());
            let versioned_word =
                letters.len() >= 6 && letters.chars().all(|c| c.is_ascii_lowercase());
            if !(public || capitals || token.matches('-').count() > 2 || versioned_word) {
                spans.push(m.range());
            }
        }
        for (pattern, source) in [
            (&self.path, hidden.as_str()),
            (&self.internal_url, text),
            (&self.ticket, hidden.as_str()),
        ] {
            spans.extend(pattern.find_iter(source).map(|m| m.range()));
        }
        // "internal server errors" is what customers see, not a machine of ours.
        spans.extend(
            self.fleet
                .find_iter(&hidden)
                .filter(|m| {
                    !hidden[m.end()..]
                        .get(..6)
                        .is_some_and(|next| next.eq_ignore_ascii_case(" error"))
                })
                .map(|m| m.range()),
        );
        spans.extend(
            self.ip
                .find_iter(&hidden)
                .filter(|m| !self.is_customer_address(text, &m.range()))
                .map(|m| m.range()),
        );
        for m in self.lowlevel.find_iter(&hidden) {
            let low = m.as_str().to_lowercase();
            if !self
                .engines
                .iter()
                .any(|e| low.starts_with(&format!("{e} ")))
            {
                spans.push(m.range());
            }
        }
        sort_by_rank(&mut spans, |s| {
            (position_rank(s.start) << 64) + position_rank(s.end)
        });
        spans.dedup();
        spans
    }

    fn blame(&self, text: &str, lower: &str, sentences: &[Range<usize>]) -> Option<Range<usize>> {
        sentences.iter().find_map(|range| {
            // The company's own names ("AWS" on AWS's page) are not a third party; they are
            // blanked with as many letters, so offsets stay those of the text.
            if !mentions(&lower[range.clone()], BLAME_HINTS) {
                return None;
            }
            let mut s = text[range.clone()].to_string();
            for own in &self.own_names {
                s = own
                    .replace_all(&s, |c: &pattern::Captures<'_>| "X".repeat(c[0].len()))
                    .into_owned();
            }
            let before = |end: usize, chars: usize| {
                let start = s[..end]
                    .char_indices()
                    .rev()
                    .nth(chars - 1)
                    .map_or(0, |(i, _)| i);
                &s[start..end]
            };
            let named = self.blame.find_iter(&s).find(|m| {
                !self.negation_before.is_match(before(m.start(), 16))
                    && !self.negation_in.is_match(m.as_str())
            });
            let found = named.or_else(|| self.blame_bug.find(&s)).or_else(|| {
                self.blame_subject.find_iter(&s).find(|m| {
                    !self.object_before.is_match(before(m.start(), 20))
                        && !self.we.is_match(m.as_str())
                })
            })?;
            Some(range.start + found.start()..range.start + found.end())
        })
    }

    /// The promised fix time, outside a maintenance window (which is not a fix promise).
    fn promised_fix_time(
        &self,
        text: &str,
        lower: &str,
        sentences: &[Range<usize>],
    ) -> Option<Range<usize>> {
        sentences.iter().find_map(|range| {
            let s = &text[range.clone()];
            let at = |m: pattern::Match<'_>| Some(range.start + m.start()..range.start + m.end());
            let low = &lower[range.clone()];
            if !mentions(low, TIME_HINTS) && !low.contains("eta") {
                return None;
            }
            if low.contains("eta") {
                if let Some(eta) = self.eta.find(s).filter(|_| !self.no_eta.is_match(s)) {
                    // The time after "ETA" runs to the end of the sentence ("ETA 20 min").
                    let rest = s[eta.start()..].trim_end_matches(['.', '!', '?', '。', '！', '？']);
                    return Some(range.start + eta.start()..range.start + eta.start() + rest.len());
                }
            }
            if let Some(zh) = self.zh_fix_time.find(s) {
                return at(zh);
            }
            if !(self.fix_word.is_match(s) && self.future.is_match(s)) {
                return None;
            }
            if let Some(m) = self.expect_at.find(s) {
                return at(m);
            }
            let time = self.fix_time.find(s)?;
            // "We will provide more information by 16:30" promises an update, not a fix, and
            // "keep this incident open over the weekend" a watch: only a fix word right before
            // the time counts there.
            if self.update_word.is_match(s) || self.monitor.is_match(s) {
                return self.fix_near_time.find(s).and_then(at);
            }
            at(time)
        })
    }

    fn empathy_missing(&self, text: &str, window: bool) -> bool {
        let body = blank(text, &self.quoted);
        if self.empathy.is_match(&body) {
            return false;
        }
        // A maintenance notice that expects "little to no impact" owes no apology; an incident
        // update where customers "should be experiencing little to no impact now" had some.
        if window && self.slight_impact.is_match(&body) && !self.impact_stated.is_match(&body) {
            return false;
        }
        // "no further impact" admits there was some, and so does a notice that goes on to say
        // what will be disabled ("we do not anticipate an impact to connectivity …, however you
        // will not be able to power cycle").
        self.impact_stated.is_match(&body)
            || !self
                .no_impact
                .find_iter(&body)
                .any(|m| !self.more.is_match(m.as_str()))
    }

    fn names_affected(
        &self,
        text: &str,
        internal: &[Range<usize>],
        situation: &Situation<'_>,
    ) -> bool {
        let context = context_terms(situation);
        if situation.locale == Locale::ZhCn {
            let low = text.to_lowercase();
            return self.zh_thing.is_match(text)
                || situation
                    .components
                    .iter()
                    .any(|c| c.chars().count() >= 2 && low.contains(&c.to_lowercase()));
        }
        let mut body = blank(text, &self.url);
        for span in internal {
            if body.is_char_boundary(span.start) && body.is_char_boundary(span.end) {
                body.replace_range(span.clone(), &" ".repeat(span.len()));
            }
        }
        let low = body.to_lowercase();
        let words: Vec<String> = self
            .token
            .find_iter(&low)
            .map(|m| stem(m.as_str()).to_string())
            .collect();
        let in_context = context.iter().any(|term| {
            if term.contains([' ', '/', '-']) {
                low.contains(term.as_str())
            } else {
                let stemmed = stem(term);
                words.iter().any(|w| w == stemmed)
            }
        });
        in_context
            || self.product_names.iter().any(|p| p.is_match(&body))
            || self.generic_thing.is_match(&body)
            || self.region_code.is_match(&body)
            || self.has_capitalised_name(&body)
            || self.user_group_kind.is_match(&body)
            || self.user_action.is_match(&body)
            || self.user_group_capital.find_iter(&body).any(|m| {
                let words: Vec<&str> = m.as_str().split_whitespace().collect();
                let qualifier = match words.first() {
                    Some(&("users" | "customers" | "people")) => words.last(),
                    first => first,
                };
                qualifier.is_some_and(|q| !self.vague_group.is_match(q))
            })
    }

    /// A capitalised word that does not open its sentence and is not a stop word: product and
    /// feature names ("the Create Issue operation", "Trello"). A title (CTO) and the two words
    /// after it are a person.
    fn has_capitalised_name(&self, body: &str) -> bool {
        sentences(body).iter().any(|range| {
            let mut skip = 0;
            self.word.find_iter(&body[range.clone()]).skip(1).any(|w| {
                // A sentence's full stop is not part of its last word ("by 11:00 PST.").
                let w = w.as_str().trim_end_matches('.');
                let capital = w.starts_with(|c: char| c.is_ascii_uppercase());
                if TITLES.contains(&w) {
                    skip = 2;
                    return false;
                }
                if skip > 0 && capital {
                    skip -= 1;
                    return false;
                }
                capital && !CAPITAL_STOP.contains(&w)
            })
        })
    }
}

/// Whether `low` (lower-cased) contains any of `words`: a cheap necessary condition checked
/// before a large pattern, since regex-lite has no literal prefilter of its own. Each list holds
/// a word every match of its pattern contains.
fn mentions(low: &str, words: &[&str]) -> bool {
    words.iter().any(|w| low.contains(w))
}

/// Every match of `blame` and `blame_subject` names a party, a fault or a mistake.
const BLAME_HINTS: &[&str] = &[
    "provider",
    "vendor",
    "supplier",
    "carrier",
    "isp",
    "partner",
    "upstream",
    "third",
    "external",
    "3rd",
    "aws",
    "amazon",
    "azure",
    "microsoft",
    "google",
    "gcp",
    "cloudflare",
    "akamai",
    "fastly",
    "auth0",
    "okta",
    "twilio",
    "sendgrid",
    "stripe",
    "dnspod",
    "encrypt",
    "level",
    "cogent",
    "zayo",
    "ntt",
    "equinix",
    "digicert",
    "heroku",
    "openai",
    "anthropic",
    "fault",
    "error",
    "mistake",
    "made",
    "side",
    "end",
    "bug",
    "第三方",
    "供应商",
    "提供商",
    "服务商",
    "运营商",
    "上游",
    "人为",
    "失误",
    "误操作",
    "厂商",
];

/// Chinese, Japanese and Korean characters and their full-width punctuation (not emoji).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{ff00}'..='\u{ffef}')
}

/// Every match of `vague_promise` contains one of these.
const VAGUE_HINTS: &[&str] = &[
    "shortly",
    "soon",
    "momentarily",
    "any minute",
    "any moment",
    "in no time",
    "in a ",
    "imminently",
    "很快",
    "马上",
    "即将",
    "稍后",
];

/// Every time ahead names a number, a unit, a day or a month.
const TIME_HINTS: &[&str] = &[
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "min", "hour", "hr", "day", "week", "noon",
    "midnight", "tomorrow", "tonight", "end of", "eob", "eod", "mon", "tue", "wed", "thu", "fri",
    "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
    "dec", "weekend", "morning", "evening", "分钟", "小时", "点",
];

/// The sentences of `text` as byte ranges, trimmed: cut at line ends, after 。！？； and after
/// `.`, `!` or `?` followed by white space or the end (so `5.7.36` and addresses stay whole).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = match c {
            '\n' => Some((i, i + 1)),
            '。' | '！' | '？' | '；' => Some((i + c.len_utf8(), i + c.len_utf8())),
            '.' | '!' | '?' if next.is_none_or(|n| matches!(n, ' ' | '\t' | '\r' | '\n')) => {
                Some((i + 1, i + 1))
            }
            _ => None,
        };
        if let Some((cut, resume)) = end {
            push_trimmed(text, start..cut, &mut out);
            start = resume;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let leading = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let start = range.start + leading;
        out.push(start..start + trimmed.len());
    }
}

/// `text` with every match of `pattern` replaced by as many spaces, so byte offsets stay valid.
fn blank(text: &str, pattern: &Regex) -> String {
    pattern
        .replace_all(text, |c: &pattern::Captures<'_>| " ".repeat(c[0].len()))
        .into_owned()
}

/// Distinctive words of the incident title and component names, lower-cased (at least four
/// characters, not a stop word), and the component names themselves.
fn context_terms(situation: &Situation<'_>) -> Vec<String> {
    let mut terms = Vec::new();
    for name in situation.components {
        let name = name.trim().to_lowercase();
        if name.chars().count() >= 3 && !STOP.contains(&name.as_str()) {
            terms.push(name);
        }
    }
    for source in situation
        .components
        .iter()
        .map(String::as_str)
        .chain([situation.title])
    {
        let low = source.to_lowercase();
        for word in low.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
            let word = word.trim_matches('.');
            if word.len() >= 4 && !STOP.contains(&word) && !word.chars().all(|c| c.is_ascii_digit())
            {
                terms.push(word.to_string());
            }
        }
    }
    sort_by_compare(&mut terms, Ord::cmp);
    terms.dedup();
    terms
}

/// A word without one common ending, so "notifications" meets "Notification".
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 4 {
                return stem;
            }
        }
    }
    word
}

const TITLES: [&str; 9] = [
    "CTO",
    "CEO",
    "CIO",
    "CISO",
    "VP",
    "President",
    "Mr",
    "Ms",
    "Dr",
];

/// Capitalised words that name no product: zones, months, headings, pronouns.
const CAPITAL_STOP: &[&str] = &[
    "I",
    "We",
    "Our",
    "You",
    "Your",
    "UTC",
    "PST",
    "PDT",
    "EST",
    "EDT",
    "CET",
    "CEST",
    "GMT",
    "BST",
    "JST",
    "IST",
    "AEST",
    "US",
    "Pacific",
    "ETA",
    "DDoS",
    "Update",
    "Updates",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "Summary",
    "Description",
    "Diagnosis",
    "Workaround",
    "None",
    "Start",
    "End",
    "Time",
    "Event",
    "Type",
    "Incident",
    "Duration",
    "Customer",
    "Customers",
    "Impact",
    "Engineering",
    "Thank",
    "Thanks",
    "Please",
    "Note",
    "Additional",
    "Details",
    "Mitigation",
    "Root",
    "Cause",
    "Timeline",
    "Status",
    "Issue",
    "Resolved",
    "Investigating",
    "Identified",
    "Monitoring",
    "Scheduled",
    "Maintenance",
    "Completed",
    "In",
    "Progress",
    "Yes",
    "No",
    "OK",
    "AM",
    "PM",
    "RFO",
    "Region",
    "Regions",
    "Zone",
    "Zones",
    "Cloud",
    "Services",
    "Service",
    "Team",
    "Teams",
    "Support",
];

/// Words of titles and component names that name nothing by themselves.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "with",
    "from",
    "by",
    "at",
    "as",
    "is",
    "are",
    "be",
    "was",
    "were",
    "has",
    "have",
    "had",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "some",
    "all",
    "any",
    "most",
    "many",
    "few",
    "more",
    "less",
    "other",
    "others",
    "new",
    "existing",
    "several",
    "multiple",
    "various",
    "certain",
    "issue",
    "issues",
    "problem",
    "problems",
    "incident",
    "incidents",
    "error",
    "errors",
    "failure",
    "failures",
    "failing",
    "failed",
    "outage",
    "outages",
    "degraded",
    "degradation",
    "performance",
    "latency",
    "latencies",
    "delay",
    "delays",
    "delayed",
    "slow",
    "slowness",
    "elevated",
    "increased",
    "increase",
    "high",
    "higher",
    "intermittent",
    "partial",
    "disruption",
    "disruptions",
    "unavailable",
    "unavailability",
    "availability",
    "impact",
    "impacted",
    "impacting",
    "affected",
    "affecting",
    "service",
    "services",
    "system",
    "systems",
    "investigating",
    "identified",
    "monitoring",
    "resolved",
    "update",
    "scheduled",
    "maintenance",
    "emergency",
    "upgrade",
    "upgrades",
    "network",
    "networking",
    "storage",
    "server",
    "servers",
    "infrastructure",
    "core",
    "global",
    "regions",
    "region",
    "users",
    "user",
    "customers",
    "customer",
    "people",
    "reports",
    "report",
    "unable",
    "able",
    "cannot",
    "can",
    "not",
    "may",
    "might",
    "experiencing",
    "experience",
    "seeing",
    "showing",
    "working",
    "work",
    "operations",
    "operation",
    "requests",
    "request",
    "rates",
    "rate",
    "time",
    "times",
    "down",
    "under",
    "visit",
    "information",
    "status",
    "githubstatus",
    "com",
    "www",
    "http",
    "https",
    "started",
    "select",
    "subset",
    "connectivity",
    "connection",
    "connections",
    "trouble",
    "troubles",
    "loading",
    "load",
    "cloud",
    "create",
    "edit",
    "view",
    "viewing",
    "management",
    "general",
    "platform",
    "product",
    "products",
    "feature",
    "features",
    "functionality",
    "about",
    "above",
    "after",
    "again",
    "against",
    "also",
    "although",
    "among",
    "another",
    "anyone",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "cause",
    "caused",
    "causing",
    "could",
    "did",
    "does",
    "doing",
    "done",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "further",
    "having",
    "here",
    "hers",
    "how",
    "however",
    "into",
    "itself",
    "just",
    "like",
    "looking",
    "made",
    "make",
    "makes",
    "making",
    "much",
    "must",
    "near",
    "never",
    "next",
    "none",
    "nor",
    "now",
    "once",
    "only",
    "otherwise",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "please",
    "rather",
    "same",
    "seen",
    "should",
    "since",
    "so",
    "such",
    "than",
    "their",
    "them",
    "then",
    "there",
    "thereby",
    "therefore",
    "they",
    "through",
    "thus",
    "too",
    "toward",
    "towards",
    "until",
    "upon",
    "using",
    "very",
    "via",
    "way",
    "well",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "within",
    "without",
    "would",
    "yet",
    "your",
    "yours",
    "ability",
    "additional",
    "affect",
    "affects",
    "related",
    "regarding",
    "relating",
    "currently",
    "still",
    "unexpected",
    "unexpectedly",
    "temporarily",
    "temporary",
    "partially",
    "timeouts",
    "timeout",
    "fails",
    "fail",
    "inaccessible",
    "intermittently",
    "reported",
    "detected",
    "observed",
    "noticed",
    "receiving",
    "received",
    "getting",
    "mitigated",
    "mitigation",
    "recovered",
    "recovering",
    "recovery",
    "resolution",
    "resolving",
    "identifying",
    "investigation",
    "ongoing",
    "decreased",
];
