//! `herald-server`: serve the feed and the built app from one SQLite file.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use herald_domain::Feed;
use herald_server::access::{Access, Token};
use herald_server::app_config::AppConfig;
use herald_server::mail::{MailSettings, Mailer};
use herald_server::serving::{self, descriptor_limit, ConnectionLimit};
use herald_server::signed_link::LinkKey;
use herald_server::site_publisher::SitePublisher;
use herald_server::store::Store;
use herald_server::subscription_routes::Subscriptions;
use herald_server::token_file::TokenFile;
use herald_server::webhook_worker::{Poster, WebhookSettings};
use herald_server::{routes, AppState, DEMO_FEED};
use herald_site::bucket::{Bucket, BucketConfig};

/// Herald's reference endpoint: stores the incident feed durably and serves it with the app.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "HERALD_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Log format on stderr: `text` for people, `json` (one object per line) for log shippers.
    #[arg(long, env = "HERALD_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
    /// SQLite database file, created on first start.
    #[arg(long, env = "HERALD_DB", default_value = "herald.db")]
    db: PathBuf,
    /// Feed document to seed a new database with; the built-in demo incident if absent.
    #[arg(long, env = "HERALD_SEED")]
    seed: Option<PathBuf>,
    /// Seed the built-in demo with the times written in its file, instead of placing its story
    /// at the moment of seeding (an incident 40 minutes old, maintenance next week); for tests
    /// that compare exact times.
    #[arg(long, env = "HERALD_FIXED_DEMO_TIMES")]
    fixed_demo_times: bool,
    /// After starting, print where each page is, where the write token is kept and a `curl`
    /// that posts an update (`scripts/run.sh` does).
    #[arg(long, env = "HERALD_GUIDE")]
    guide: bool,
    /// Folder the public status site is published into on every write (its `live` link names
    /// the current version; serve it with any web server). herald-server also serves it at
    /// `/status/`. By default `herald-site` beside the database.
    #[arg(long, env = "HERALD_SITE_DIR")]
    site_dir: Option<PathBuf>,
    /// Also publish the public site to this S3-compatible bucket (AWS S3, R2, `MinIO`, …).
    #[arg(long, env = "HERALD_S3_BUCKET")]
    s3_bucket: Option<String>,
    /// The object store's address (`https://s3.eu-central-1.amazonaws.com`, `http://127.0.0.1:9000`).
    #[arg(long, env = "HERALD_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    /// The bucket's region.
    #[arg(long, env = "HERALD_S3_REGION")]
    s3_region: Option<String>,
    /// A folder inside the bucket to publish under; the bucket's root by default.
    #[arg(long, env = "HERALD_S3_PREFIX", default_value = "")]
    s3_prefix: String,
    /// The access key id (else `AWS_ACCESS_KEY_ID`).
    #[arg(long, env = "HERALD_S3_ACCESS_KEY_ID", hide_env_values = true)]
    s3_access_key_id: Option<String>,
    /// The secret key (else `AWS_SECRET_ACCESS_KEY`). Prefer the environment: flags are visible
    /// to every user of the machine in the process list.
    #[arg(long, env = "HERALD_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    s3_secret_access_key: Option<String>,
    /// Directory of the built app (Trunk's `dist`); the API alone is served if it is missing.
    #[arg(long, env = "HERALD_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Token for reading the internal feed and events. Prefer the environment or a token file:
    /// flags are visible to every user of the machine in the process list.
    #[arg(long, env = "HERALD_READ_TOKEN", hide_env_values = true)]
    read_token: Option<String>,
    /// Token for writing (it also reads). Without one the server takes no writes.
    #[arg(long, env = "HERALD_WRITE_TOKEN", hide_env_values = true)]
    write_token: Option<String>,
    /// File with `read = TOKEN` and `write = TOKEN` lines (`#` starts a comment).
    #[arg(long, env = "HERALD_TOKEN_FILE")]
    token_file: Option<PathBuf>,
    /// Let anyone read the internal feed, without a token. Only on a loopback address, for demos
    /// and tests: the internal feed holds responders' notes.
    #[arg(long, env = "HERALD_OPEN_READS")]
    open_reads: bool,
    /// A browser origin (`https://console.example.com`) allowed to call the internal API;
    /// repeat the flag or separate with commas.
    #[arg(
        long = "allow-origin",
        env = "HERALD_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    allowed_origins: Vec<String>,
    /// The most connections open at once (fewer if the open-files limit is lower); more wait
    /// in the listen queue. Each also has `HEAD_TIMEOUT` (10 s) to send a request head.
    #[arg(long, env = "HERALD_MAX_CONNECTIONS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// The SMTP relay for subscriber email: `smtp://host:25`, `smtp://user@host:587?tls=required`
    /// (STARTTLS) or `smtps://user@host:465` (TLS). Without it, the site offers no email
    /// subscriptions.
    #[arg(long, env = "HERALD_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// A file holding the relay's password (its first line), instead of one in the URL.
    #[arg(long, env = "HERALD_SMTP_PASSWORD_FILE")]
    smtp_password_file: Option<PathBuf>,
    /// The sender of subscriber email, `Name <address>`.
    #[arg(long, env = "HERALD_MAIL_FROM")]
    mail_from: Option<String>,
    /// The public status site's address, which emails link to (`https://status.example.com/`;
    /// this server's own `/status/` when it serves the site).
    #[arg(long, env = "HERALD_PUBLIC_URL")]
    public_url: Option<String>,
    /// Where this server's subscription pages are reached from outside; the public URL's
    /// origin by default.
    #[arg(long, env = "HERALD_SUBSCRIBE_URL")]
    subscribe_url: Option<String>,
    /// A file of at least 32 bytes that signs the links in emails; by default a random key
    /// kept in the database.
    #[arg(long, env = "HERALD_LINK_KEY_FILE")]
    link_key_file: Option<PathBuf>,
    /// A file holding the secret that signs webhook bodies (`Herald-Signature`), its first
    /// line, at least 16 characters; else `HERALD_WEBHOOK_SECRET`; else a random one kept in
    /// the database and shown to the write token at `GET /api/v1/webhooks`.
    #[arg(long, env = "HERALD_WEBHOOK_SECRET_FILE")]
    webhook_secret_file: Option<PathBuf>,
    /// Seconds a webhook receiver has to answer a post (1 to 60).
    #[arg(long, env = "HERALD_WEBHOOK_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=60))]
    webhook_timeout: u64,
    /// Failed posts in a row, with backoff between them (2 s doubling to 10 min), after which
    /// a webhook is disabled and the team channels are told; 12 is about 40 minutes.
    #[arg(long, env = "HERALD_WEBHOOK_DISABLE_AFTER", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=100))]
    webhook_disable_after: u32,
}

impl Config {
    /// The public site's publisher: the folder, and the bucket when one is configured.
    fn site_publisher(&self) -> Result<SitePublisher, String> {
        let site_dir = self.site_dir.clone().unwrap_or_else(|| {
            self.db
                .parent()
                .unwrap_or_else(|| std::path::Path::new("."))
                .join("herald-site")
        });
        let mut site = SitePublisher::new(&site_dir);
        if let Some(bucket) = &self.s3_bucket {
            let bucket = Bucket::new(&BucketConfig {
                bucket: bucket.clone(),
                endpoint: self.s3_endpoint.clone(),
                region: self.s3_region.clone(),
                access_key_id: self.s3_access_key_id.clone(),
                secret_access_key: self.s3_secret_access_key.clone(),
                prefix: self.s3_prefix.clone(),
            })?;
            site = site.with_bucket(bucket);
        }
        Ok(site)
    }

    /// The mailer and the delivery queue's own connection, when a relay is configured. Runs
    /// inside the runtime: the relay's connection pool is made there.
    fn mail(&self, store: &Store) -> Result<Option<(Mailer, Store)>, String> {
        let Some(settings) = self.mail_settings()? else {
            return Ok(None);
        };
        let mailer = Mailer::new(&settings, self.link_key(store)?)?;
        let queue = Store::open_queue(&self.db).map_err(|e| {
            format!(
                "cannot open the delivery queue in {}: {e}",
                self.db.display()
            )
        })?;
        Ok(Some((mailer, queue)))
    }

    /// The webhook worker's settings and its own queue connection, and the signing secret
    /// when the server made it (so the team can read it).
    fn webhooks(&self, store: &Store) -> Result<(WebhookSettings, Store, Option<String>), String> {
        const MIN_SECRET: usize = 16;
        let given = secret_from(
            self.webhook_secret_file.as_deref(),
            "--webhook-secret-file",
            "HERALD_WEBHOOK_SECRET",
        )?
        .map(|secret| secret.trim().to_string());
        let (secret, shown) = match given {
            Some(secret) if secret.len() < MIN_SECRET => {
                return Err(format!(
                    "the webhook signing secret is {} characters; it needs at least {MIN_SECRET} \
                     (openssl rand -hex 32 makes one)",
                    secret.len()
                ))
            }
            Some(secret) => (secret.into_bytes(), None),
            None => {
                let made = store
                    .secret("webhook-signing", || {
                        let mut bytes = [0u8; 32];
                        getrandom::fill(&mut bytes).expect("the system has randomness");
                        herald_server::webhook_worker::hex(&bytes).into_bytes()
                    })
                    .map_err(|e| format!("cannot keep the webhook signing secret: {e}"))?;
                let shown = String::from_utf8_lossy(&made).into_owned();
                (made, Some(shown))
            }
        };
        // The same root, checked the same way, as the emails' links.
        let site = self
            .public_url
            .as_deref()
            .map(|url| herald_server::mail::url_root("--public-url", url).map(|(root, _)| root))
            .transpose()?;
        let queue = Store::open_queue(&self.db).map_err(|e| {
            format!(
                "cannot open the webhook queue in {}: {e}",
                self.db.display()
            )
        })?;
        Ok((
            WebhookSettings {
                secret,
                timeout: std::time::Duration::from_secs(self.webhook_timeout),
                disable_after: self.webhook_disable_after,
                site,
            },
            queue,
            shown,
        ))
    }

    /// The mail settings, when a relay is configured; a message naming what is missing or
    /// wrong otherwise.
    fn mail_settings(&self) -> Result<Option<MailSettings>, String> {
        let Some(smtp_url) = &self.smtp_url else {
            for (given, flag) in [
                (self.mail_from.is_some(), "--mail-from"),
                (self.smtp_password_file.is_some(), "--smtp-password-file"),
            ] {
                if given {
                    return Err(format!(
                        "{flag} is set but --smtp-url is not: subscriber email needs a relay"
                    ));
                }
            }
            return Ok(None);
        };
        let from = self.mail_from.clone().ok_or(
            "--smtp-url is set, so --mail-from is needed (\"Status <status@example.com>\")",
        )?;
        let public_url = self
            .public_url
            .clone()
            .ok_or("--smtp-url is set, so --public-url is needed: emails link to the public site (https://status.example.com/)")?;
        let smtp_password = secret_from(
            self.smtp_password_file.as_deref(),
            "--smtp-password-file",
            "HERALD_SMTP_PASSWORD",
        )?;
        Ok(Some(MailSettings {
            smtp_url: smtp_url.clone(),
            smtp_password,
            from,
            public_url,
            subscribe_url: self.subscribe_url.clone(),
        }))
    }

    /// The key the links in emails are signed with.
    fn link_key(&self, store: &Store) -> Result<LinkKey, String> {
        let bytes = match &self.link_key_file {
            Some(path) => std::fs::read(path)
                .map_err(|e| format!("cannot read --link-key-file {}: {e}", path.display()))?,
            None => store
                .secret("link-key", || {
                    let mut key = vec![0u8; 32];
                    getrandom::fill(&mut key).expect("the system has a random source");
                    key
                })
                .map_err(|e| format!("cannot keep the link key in the database: {e}"))?,
        };
        LinkKey::new(bytes).map_err(|e| format!("--link-key-file: {e}"))
    }

    /// The feed a new database starts from: the seed file, or the demo placed at this moment.
    fn seed_feed(&self) -> Result<Feed, String> {
        let seed = match &self.seed {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read seed file {}: {e}", path.display()))?,
            None => DEMO_FEED.to_string(),
        };
        let mut seed =
            Feed::from_json(&seed).map_err(|e| format!("the seed feed is unusable: {e}"))?;
        if self.seed.is_none() && !self.fixed_demo_times {
            seed = herald_domain::demo::placed_at(&seed, chrono::Utc::now());
        }
        // A seed is stored as it stands now: a window in it that has already opened or closed
        // is moved on before the first version, not as a second one the moment it starts.
        seed.move_maintenances(chrono::Utc::now());
        Ok(seed)
    }

    /// The connection cap asked for, lowered to what the open-files limit leaves room for.
    fn connection_limit(&self) -> ConnectionLimit {
        ConnectionLimit::within(
            usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            descriptor_limit(),
        )
    }

    /// The access rules, or a message saying exactly what is wrong with the configuration.
    fn access(&self) -> Result<Access, String> {
        let mut read = self.read_token.clone();
        let mut write = self.write_token.clone();
        if let Some(path) = &self.token_file {
            let file = TokenFile::load(path)?;
            read = file.read.or(read);
            write = file.write.or(write);
        }
        let read = read.as_deref().map(|t| Token::new(t, "read")).transpose()?;
        let write = write
            .as_deref()
            .map(|t| Token::new(t, "write"))
            .transpose()?;
        if read.is_some() && read == write {
            return Err("the read and write tokens must differ".into());
        }
        if self.open_reads && !self.bind.ip().is_loopback() {
            return Err(format!(
                "--open-reads exposes responders' internal notes, so it is only allowed on a loopback address, not {}",
                self.bind
            ));
        }
        if read.is_none() && write.is_none() && !self.open_reads {
            return Err("no token configured: set HERALD_READ_TOKEN and HERALD_WRITE_TOKEN (or --token-file), or pass --open-reads on a loopback address for a demo".into());
        }
        for origin in &self.allowed_origins {
            let valid = (origin.starts_with("http://") || origin.starts_with("https://"))
                && !origin.ends_with('/')
                && origin
                    .split("://")
                    .nth(1)
                    .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'));
            if !valid {
                return Err(format!(
                    "allowed origin {origin:?} must look like https://host[:port], with no path or trailing slash"
                ));
            }
        }
        Ok(Access {
            read,
            write,
            open_reads: self.open_reads,
            allowed_origins: self.allowed_origins.clone(),
        })
    }
}

fn main() -> ExitCode {
    let config = Config::parse();
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "herald_server=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr);
    if config.log_format == "json" {
        logs.json().init();
    } else {
        logs.init();
    }
    match run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("herald-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(config: &Config) -> Result<(), String> {
    let access = config.access()?;
    let seed = config.seed_feed()?;
    let store = Store::open(&config.db)
        .map_err(|e| format!("cannot open database {}: {e}", config.db.display()))?;
    let (feed, seeded) = store.latest_or_seed(&seed).map_err(|e| e.to_string())?;
    if seeded {
        tracing::info!(db = %config.db.display(), version = feed.version, "seeded a new database");
    }
    let dist = if config.dist.join("index.html").is_file() {
        Some(config.dist.as_path())
    } else {
        tracing::warn!(dist = %config.dist.display(), "no built app there; serving the API only");
        None
    };
    let version = feed.version;
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let mut site = config.site_publisher()?;
    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start runtime: {e}"))?;
    // The relay's connection pool is made inside the runtime it will run on.
    let entered = runtime.enter();
    let mail = config.mail(&store)?;
    let (webhook_settings, webhook_queue, secret_shown) = config.webhooks(&store)?;
    let poster = Poster::new(webhook_settings)?;
    if let Some((mailer, _)) = &mail {
        site = site.with_subscribe_form(mailer.links.subscriptions.trim_end_matches('/'));
    }
    drop(entered);
    let mut state = AppState::new(store, feed, access.clone(), shutdown).with_site(site.clone());
    state.signing_secret_shown = secret_shown.map(Into::into);
    if let Some((mailer, _)) = &mail {
        let wake = state.deliveries.clone();
        state = state.with_subscriptions(Subscriptions::new(
            mailer.key.clone(),
            mailer.links.clone(),
            wake,
        ));
    }
    let versions = state.versions.subscribe();
    let token_file = config
        .token_file
        .as_ref()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()));
    let app_config = AppConfig {
        write_token_file: token_file
            .as_ref()
            .filter(|_| access.open_reads && access.write.is_some())
            .map(|f| f.display().to_string()),
    };
    let guide = config.guide.then(|| state.current().feed.clone());
    let clock_state = state.clone();
    let worker_state = state.clone();
    let app = routes::router(state, dist, &app_config);

    runtime.block_on(async {
        // The site is first published before the server listens, so /status/ is never empty.
        if let Err(error) = site.publish_now(&versions.borrow()) {
            tracing::warn!(%error, "the public site could not be published; retrying");
        }
        tokio::spawn(herald_server::maintenance_clock::run(
            clock_state,
            versions.clone(),
        ));
        tokio::spawn(site.clone().run(versions));
        spawn_delivery_workers(&worker_state, (poster, webhook_queue), mail);
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // Caught before the line below: whoever reads it may stop the server at once.
        let stopping = shutdown_signal();
        // Scripts and tests wait for this exact line to learn the port.
        println!(
            "Herald is serving http://{address}/ (feed version {version}, database {})",
            config.db.display()
        );
        if let Some(feed) = &guide {
            let demo_db = config.seed.is_none().then_some(config.db.as_path());
            println!(
                "{}",
                herald_server::guide::guide(address, token_file.as_deref(), demo_db, feed)
            );
        }
        std::io::stdout().flush().ok();
        tracing::info!(
            %address,
            reads = if access.open_reads { "open" } else if access.read.is_some() { "token" } else { "write token only" },
            writes = if access.write.is_some() { "token" } else { "disabled" },
            allowed_origins = ?access.allowed_origins,
            "serving"
        );
        serving::serve(listener, app, config.connection_limit(), async move {
            stopping.await;
            // Ends event streams, which would otherwise hold the shutdown open forever.
            stop.send_replace(true);
        })
        .await
        .map_err(|e| format!("server failed: {e}"))
    })?;
    // Dropping the runtime waits for writes still running on blocking threads, so every write
    // a client was told about is on disk before the process exits.
    drop(runtime);
    tracing::info!("stopped");
    Ok(())
}

/// A secret from the first line of `file` (given by `flag`), else from environment variable
/// `variable`; a file that cannot be read stops the server.
fn secret_from(
    file: Option<&std::path::Path>,
    flag: &str,
    variable: &str,
) -> Result<Option<String>, String> {
    match file {
        Some(path) => Ok(Some(
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {flag} {}: {e}", path.display()))?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
        )),
        None => Ok(std::env::var(variable).ok()),
    }
}

/// Starts the webhook worker, and the email worker when a relay is configured, each on its
/// own queue connection.
fn spawn_delivery_workers(
    state: &AppState,
    (poster, webhook_queue): (Poster, Store),
    mail: Option<(Mailer, Store)>,
) {
    tokio::spawn(herald_server::webhook_worker::run(
        webhook_queue,
        state.clone(),
        poster,
        state.webhook_posts.clone(),
    ));
    if let Some((mailer, queue)) = mail {
        tracing::info!("subscriber email is on");
        let wake = state.deliveries.clone();
        tokio::spawn(herald_server::delivery_worker::run(
            queue,
            state.clone(),
            mailer,
            wake,
        ));
    }
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
/// SIGTERM is caught from the moment this is called, not from its first poll: a supervisor
/// that stops the server right after its "serving" line still gets a graceful stop.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let interrupt = async {
            tokio::signal::ctrl_c().await.ok();
        };
        #[cfg(unix)]
        let terminate = async move {
            match terminate {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            () = interrupt => {},
            () = terminate => {},
        }
        tracing::info!("shutting down");
    }
}
