//! Herald's server-sent events, through the browser's `EventSource` (which reconnects and
//! resumes with `Last-Event-ID` by itself).

use herald_domain::{Feed, FeedChanges};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// One message from the stream, read into domain types.
#[derive(Debug)]
pub enum FeedEvent {
    /// The stream is open; the server's current version.
    Hello(u64),
    /// The changes that lead to a new version.
    Changes(FeedChanges),
    /// The whole feed, when the server could not tell what this client missed.
    Whole(Box<Feed>),
    /// The stream dropped (the browser retries); `closed` when it gave up.
    Lost {
        /// Whether the browser stopped retrying.
        closed: bool,
    },
    /// A message that could not be read.
    Unreadable(String),
}

/// Reads one kind of message's data.
type Reader = fn(&str) -> FeedEvent;

/// An open event stream; dropping it closes the connection and the listeners.
pub struct EventStream {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.close();
    }
}

impl EventStream {
    /// Opens `url` and calls `on_event` for every message and every loss of connection.
    ///
    /// # Errors
    /// When the browser refuses the address.
    pub fn open(url: &str, on_event: impl Fn(FeedEvent) + Clone + 'static) -> Result<Self, String> {
        let source = EventSource::new(url).map_err(|e| format!("{e:?}"))?;
        let mut listeners = Vec::new();
        let kinds: [(&str, Reader); 3] = [
            ("hello", |data| {
                #[derive(serde::Deserialize)]
                struct Hello {
                    version: u64,
                }
                serde_json::from_str::<Hello>(data).map_or_else(
                    |e| FeedEvent::Unreadable(e.to_string()),
                    |h| FeedEvent::Hello(h.version),
                )
            }),
            ("changes", |data| {
                serde_json::from_str(data)
                    .map_or_else(|e| FeedEvent::Unreadable(e.to_string()), FeedEvent::Changes)
            }),
            ("feed", |data| {
                Feed::from_json(data).map_or_else(
                    |e| FeedEvent::Unreadable(e.to_string()),
                    |f| FeedEvent::Whole(Box::new(f)),
                )
            }),
        ];
        for (kind, read) in kinds {
            let on_event = on_event.clone();
            let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
                let data = message.data().as_string().unwrap_or_default();
                on_event(read(&data));
            });
            source
                .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
                .map_err(|e| format!("{e:?}"))?;
            listeners.push(listener);
        }
        let watched = source.clone();
        let error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            on_event(FeedEvent::Lost {
                closed: watched.ready_state() == EventSource::CLOSED,
            });
        });
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
        Ok(Self {
            source,
            _listeners: listeners,
            _error: error,
        })
    }
}
