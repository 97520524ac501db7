//! Herald's browser app: Leptos components over one feed synced from an endpoint.
//!
//! Arrows go one way: `components`/`app` read signals from `hooks`, which call `sync`, which
//! alone talks HTTP and hands back domain types.

pub mod app;
pub mod components;
pub mod hooks;
pub mod locale;
pub mod pages;
pub mod storage;
pub mod sync;
pub mod text;
