//! A server-sent-events reader over raw bytes, lean enough for 500 streams on two cores shared
//! with the server: no copy of an event beyond the receive buffer, no UTF-8 check of what is
//! not looked at.

/// One event's fields, borrowed from the buffer.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Block<'a> {
    pub id: Option<&'a [u8]>,
    pub event: Option<&'a [u8]>,
    /// The `data` line (our server writes JSON on one line).
    pub data: Option<&'a [u8]>,
}

/// Bytes received and not yet split into events.
#[derive(Default)]
pub struct Reader {
    buffer: Vec<u8>,
    /// Where the search for the next blank line resumes (everything before has no "\n\n").
    scanned: usize,
}

impl Reader {
    pub fn push(&mut self, chunk: &[u8]) {
        self.buffer.extend_from_slice(chunk);
    }

    /// Calls `each` for every complete event in the buffer (keep-alive comments included, with
    /// no field set), then drops them from it.
    pub fn drain(&mut self, mut each: impl FnMut(Block<'_>)) {
        let mut start = 0;
        let mut at = self.scanned.max(start);
        while let Some(offset) = find_blank_line(&self.buffer[at..]) {
            let end = at + offset;
            each(parse(&self.buffer[start..end]));
            start = end + 2;
            at = start;
        }
        self.buffer.drain(..start);
        // The last byte may be the first "\n" of a blank line whose second has not arrived.
        self.scanned = self.buffer.len().saturating_sub(1);
    }
}

fn find_blank_line(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"\n\n")
}

fn parse(block: &[u8]) -> Block<'_> {
    let mut fields = Block::default();
    for line in block.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        let value = value.strip_prefix(b" ").unwrap_or(value);
        match name {
            b"id" => fields.id = Some(value),
            b"event" => fields.event = Some(value),
            b"data" => fields.data = Some(value),
            _ => {}
        }
    }
    fields
}

/// The sequence number of an id `{epoch}-{seq}`.
pub fn seq_of(id: &[u8]) -> Option<u64> {
    let dash = id.iter().rposition(|b| *b == b'-')?;
    std::str::from_utf8(&id[dash + 1..]).ok()?.parse().ok()
}
