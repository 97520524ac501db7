//! The accept loop: HTTP/1.1 connections, capped in number and timed out while their request
//! head is slow, so a flood of idle or trickling connections cannot exhaust the process's file
//! descriptors (which SQLite and the site's files need too) and a real page load still gets
//! through.
//!
//! `axum::serve` sets neither limit: it reads a new connection's first line with no timeout
//! (hyper issue 3756) and accepts until `accept` fails with "too many open files", and then a
//! request that needs to open a file gets a 500. This loop serves the same router with hyper's
//! HTTP/1 connection builder, whose `header_read_timeout` runs from the moment a connection is
//! accepted and again for each request head on a kept-alive connection.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt as _;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a connection may take to send a whole request head (its first one, or the next on
/// a kept-alive connection) before it is closed.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long open requests may take to finish once the server is asked to stop.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// File descriptors kept back from connections for the database, the site's files and logs.
const RESERVED_DESCRIPTORS: u64 = 512;

/// How many connections may be open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimit {
    /// The most connections open at once; the next waits in the listen queue.
    pub max: usize,
    /// How long a request head may take.
    pub head_timeout: Duration,
}

impl ConnectionLimit {
    /// At most `asked` connections, and never so many that the process runs out of file
    /// descriptors (`descriptors` is its soft limit, when known).
    pub fn within(asked: usize, descriptors: Option<u64>) -> Self {
        let room = descriptors.map_or(usize::MAX, |n| {
            usize::try_from(n.saturating_sub(RESERVED_DESCRIPTORS).max(16)).unwrap_or(usize::MAX)
        });
        Self {
            max: asked.min(room).max(1),
            head_timeout: HEAD_TIMEOUT,
        }
    }
}

/// The process's limit on open files, first raised to the most it may have (a service
/// manager's soft default, such as systemd's 1,024, would otherwise cap connections at 512).
pub fn descriptor_limit() -> Option<u64> {
    rlimit::increase_nofile_limit(u64::MAX).ok()
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish.
///
/// # Errors
/// Never for a connection's own failure (it is logged and dropped); only if the listener
/// itself cannot be used.
///
/// # Panics
/// Never: the semaphore of permits is never closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limit: ConnectionLimit,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    tracing::info!(
        max_connections = limit.max,
        head_timeout_s = limit.head_timeout.as_secs(),
        "connection limits"
    );
    let permits = Arc::new(Semaphore::new(limit.max));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limit.head_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // A permit first: at the limit, new connections wait in the kernel's queue instead of
        // taking a descriptor the server needs.
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = Arc::clone(&permits).acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = accept(&listener) => accepted,
        };
        stream.set_nodelay(true).ok();
        // The peer's address rides on each request for the subscribe limit, as axum's
        // `ConnectInfo`; it is never logged.
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            },
        ));
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                // Closed for a slow head, or by the client: routine, so only at debug level,
                // and never with the peer's address (it is personal data).
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(permit);
        });
    }
    // Stop taking connections, then let those open finish their requests, for a while: a
    // client that stopped reading its response must not hold the process open.
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown grace; closing them");
    }
    Ok(())
}

/// The next connection. A connection that failed before it was taken (reset, aborted) is
/// skipped at once, as routine; running out of descriptors is logged and waited out briefly,
/// since retrying at once would only spin.
async fn accept(listener: &TcpListener) -> (tokio::net::TcpStream, SocketAddr) {
    /// `EMFILE` and `ENFILE`: the process or the system is out of descriptors.
    const OUT_OF_DESCRIPTORS: [i32; 2] = [24, 23];
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(error)
                if error
                    .raw_os_error()
                    .is_some_and(|code| OUT_OF_DESCRIPTORS.contains(&code)) =>
            {
                tracing::warn!(%error, "out of file descriptors; waiting before accepting more");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => tracing::debug!(%error, "a connection failed before it was accepted"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_leaves_descriptors_for_the_database_and_files() {
        assert_eq!(ConnectionLimit::within(10_000, Some(20_000)).max, 10_000);
        assert_eq!(ConnectionLimit::within(50_000, Some(20_000)).max, 19_488);
        assert_eq!(ConnectionLimit::within(50_000, None).max, 50_000);
        assert_eq!(
            ConnectionLimit::within(4_096, Some(256)).max,
            16,
            "a tiny descriptor limit still serves"
        );
    }
}
