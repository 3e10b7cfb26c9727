//! A request body that must have arrived by a deadline. hyper bounds the wait for a request's
//! head but not for its body: without this, a client that sends a head and then a byte a
//! minute holds its connection (and the handler reading the body) for as long as it likes.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use tokio::time::Sleep;

pub(super) struct Deadline {
    body: Incoming,
    /// Armed when the head was read; the body's last byte must come before it fires.
    expires: Pin<Box<Sleep>>,
}

impl Deadline {
    pub(super) fn new(body: Incoming, limit: Duration) -> Self {
        Self {
            body,
            expires: Box::pin(tokio::time::sleep(limit)),
        }
    }
}

impl From<Deadline> for Body {
    fn from(deadline: Deadline) -> Self {
        Body::new(deadline)
    }
}

/// What a handler reading a body too slow to arrive gets instead of the rest of it.
#[derive(Debug)]
pub struct BodyTooSlow;

impl fmt::Display for BodyTooSlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for BodyTooSlow {}

impl http_body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match Pin::new(&mut self.body).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|f| f.map_err(Into::into))),
            Poll::Pending => match self.expires.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(BodyTooSlow.into()))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
