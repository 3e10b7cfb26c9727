//! Server-sent events, parsed from the bytes as they arrive (the HTML standard's event-stream
//! format): `id:`, `event:` and `data:` fields, `:` comments (the server's keep-alives), events
//! ended by a blank line, lines ended by LF, CRLF or CR — a chunk may end anywhere, even
//! between the CR and the LF of one line break.

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// `event:`, or `message` when the server named none.
    pub name: String,
    /// Every `data:` line of the event, joined by `\n`.
    pub data: String,
}

/// The event being read, and the position in the stream to resume from.
#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes of a line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended in CR: an LF starting the next one ends no second line.
    after_cr: bool,
    /// The first line ended (only it may start with a byte-order mark).
    past_first_line: bool,
    name: String,
    data: String,
    /// Whether any `data:` line came since the last dispatch (an empty `data:` counts).
    has_data: bool,
    /// The latest `id:` read, even of an event not yet ended.
    id: Option<String>,
    /// The id as of the last blank line: an event cut off before its end does not count as
    /// received, so resuming after its id would skip it.
    last_id: Option<String>,
    /// Bytes of the event's ended lines; with the unended one, past [`Parser::MAX_EVENT`] the
    /// stream is refused.
    held: usize,
}

/// The stream holds an event larger than anything Switchboard sends: it is not ours, or broken.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLarge;

impl Parser {
    /// The largest event accepted: a message event with the longest text a gateway takes is a
    /// few hundred kilobytes.
    pub const MAX_EVENT: usize = 8 * 1024 * 1024;

    pub fn new() -> Self {
        Self::default()
    }

    /// A new connection's parser, remembering the previous one's last id until the server
    /// gives another.
    pub fn resuming(last_id: Option<String>) -> Self {
        Self {
            id: last_id.clone(),
            last_id,
            ..Self::default()
        }
    }

    /// The `id:` most recently given, to send back as `Last-Event-ID` when reconnecting.
    pub fn last_id(&self) -> Option<&str> {
        self.last_id.as_deref().filter(|id| !id.is_empty())
    }

    /// Reads a chunk; answers the events it completed, in order.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, TooLarge> {
        let mut events = Vec::new();
        let mut rest = chunk;
        if self.after_cr && rest.first() == Some(&b'\n') {
            rest = &rest[1..];
        }
        self.after_cr = false;
        while let Some(end) = rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
            self.line.extend_from_slice(&rest[..end]);
            if rest[end] == b'\r' {
                match rest.get(end + 1) {
                    Some(b'\n') => rest = &rest[end + 2..],
                    Some(_) => rest = &rest[end + 1..],
                    None => {
                        self.after_cr = true;
                        rest = &[];
                    }
                }
            } else {
                rest = &rest[end + 1..];
            }
            let line = std::mem::take(&mut self.line);
            let line = match std::mem::replace(&mut self.past_first_line, true) {
                true => &line[..],
                false => line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line),
            };
            if let Some(event) = self.line_ended(line) {
                events.push(event);
            }
        }
        self.line.extend_from_slice(rest);
        if self.held + self.line.len() > Self::MAX_EVENT {
            return Err(TooLarge);
        }
        Ok(events)
    }

    fn line_ended(&mut self, line: &[u8]) -> Option<SseEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        self.held += line.len();
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some(("", _)) => return None, // a comment: the server's keep-alive
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => self.name = value.to_owned(),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            // An id with NUL in it is ignored, as browsers do: it could not be sent back.
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            // `retry:` and unknown fields: our backoff decides when to reconnect.
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        self.held = 0;
        self.last_id.clone_from(&self.id);
        let name = std::mem::take(&mut self.name);
        if !std::mem::take(&mut self.has_data) {
            return None; // an event without data is none, as browsers have it
        }
        Some(SseEvent {
            name: if name.is_empty() {
                "message".to_owned()
            } else {
                name
            },
            data: std::mem::take(&mut self.data),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, data: &str) -> SseEvent {
        SseEvent {
            name: name.to_owned(),
            data: data.to_owned(),
        }
    }

    fn all(parser: &mut Parser, chunks: &[&[u8]]) -> Vec<SseEvent> {
        chunks
            .iter()
            .flat_map(|c| parser.feed(c).unwrap_or_default())
            .collect()
    }

    #[test]
    fn fields_make_events_and_blank_lines_end_them() {
        let mut p = Parser::new();
        let got = all(
            &mut p,
            &[b": keep-alive\n\nid: 7\ndata: {\"type\":\"team\"}\n\nevent: resync\ndata: 3\n\n"],
        );
        assert_eq!(
            got,
            [
                event("message", "{\"type\":\"team\"}"),
                event("resync", "3")
            ]
        );
        assert_eq!(p.last_id(), Some("7"));
    }

    #[test]
    fn every_way_of_cutting_the_stream_gives_the_same_events() {
        let stream = "\u{feff}id: 1\r\ndata: first\r\ndata: line\r\n\r\nid:2\rdata:  two spaces\r\revent: resync\ndata\n\ndata: Привет\n\n";
        let want = [
            event("message", "first\nline"),
            event("message", " two spaces"),
            event("resync", ""),
            event("message", "Привет"),
        ];
        let bytes = stream.as_bytes();
        for cut in 0..=bytes.len() {
            let mut p = Parser::new();
            let got = all(&mut p, &[&bytes[..cut], &bytes[cut..]]);
            assert_eq!(got, want, "cut at byte {cut}");
            assert_eq!(p.last_id(), Some("2"), "cut at byte {cut}");
        }
        let mut p = Parser::new();
        let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(all(&mut p, &bytewise), want, "one byte at a time");
    }

    #[test]
    fn an_event_without_data_is_none_but_its_id_counts() {
        let mut p = Parser::new();
        assert_eq!(all(&mut p, &[b"id: 9\nevent: x\n\n"]), []);
        assert_eq!(p.last_id(), Some("9"));
        assert_eq!(
            all(&mut p, &[b"data: y\n\n"]),
            [event("message", "y")],
            "the name of an event without data does not stick to the next"
        );
        assert_eq!(all(&mut p, &[b"id: a\0b\n\n"]), []);
        assert_eq!(p.last_id(), Some("9"), "an id with NUL is ignored");
    }

    #[test]
    fn an_unfinished_event_waits_for_its_blank_line() {
        let mut p = Parser::resuming(Some("4".to_owned()));
        assert_eq!(all(&mut p, &[b"id: 5\ndata: half"]), []);
        assert_eq!(all(&mut p, &[b"\n"]), []);
        assert_eq!(
            p.last_id(),
            Some("4"),
            "an event cut off here was not received: resuming must ask for it again"
        );
        assert_eq!(all(&mut p, &[b"\n"]), [event("message", "half")]);
        assert_eq!(p.last_id(), Some("5"));
        assert_eq!(all(&mut p, &[b"id\n\n"]), []);
        assert_eq!(p.last_id(), None, "an empty id: nothing to resume from");
    }

    #[test]
    fn an_endless_event_is_refused_instead_of_filling_memory() {
        let mut p = Parser::new();
        let line = vec![b'x'; 1024 * 1024];
        let mut refused = false;
        for _ in 0..9 {
            if p.feed(b"data: ").is_err() || p.feed(&line).is_err() || p.feed(b"\n").is_err() {
                refused = true;
                break;
            }
        }
        assert!(refused, "nine megabytes in one event must be refused");
    }
}
