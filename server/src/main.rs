//! `herald-server`: serve the feed and the built app from one SQLite file.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use herald_domain::Feed;
use herald_server::store::Store;
use herald_server::{routes, AppState, DEMO_FEED};

/// Herald's reference endpoint: stores the incident feed durably and serves it with the app.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "HERALD_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// SQLite database file, created on first start.
    #[arg(long, env = "HERALD_DB", default_value = "herald.db")]
    db: PathBuf,
    /// Feed document to seed a new database with; the built-in demo incident if absent.
    #[arg(long, env = "HERALD_SEED")]
    seed: Option<PathBuf>,
    /// Directory of the built app (Trunk's `dist`); the API alone is served if it is missing.
    #[arg(long, env = "HERALD_DIST", default_value = "dist")]
    dist: PathBuf,
}

fn main() -> ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "herald_server=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("herald-server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(config: &Config) -> Result<(), String> {
    let seed = match &config.seed {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read seed file {}: {e}", path.display()))?,
        None => DEMO_FEED.to_string(),
    };
    let seed = Feed::from_json(&seed).map_err(|e| format!("the seed feed is unusable: {e}"))?;
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
    let app = routes::router(AppState::new(feed), dist);

    let runtime =
        tokio::runtime::Runtime::new().map_err(|e| format!("cannot start runtime: {e}"))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        // Scripts and tests wait for this exact line to learn the port.
        println!(
            "Herald is serving http://{address}/ (feed version {version}, database {})",
            config.db.display()
        );
        std::io::stdout().flush().ok();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| format!("server failed: {e}"))
    })
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
async fn shutdown_signal() {
    let interrupt = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
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
