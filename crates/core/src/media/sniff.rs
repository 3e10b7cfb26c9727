//! What a file is, from its bytes: a file's name and a server's Content-Type are only claims.

/// The MIME type of `bytes`, in the spelling gateways list (`audio/mp4`, not `audio/m4a`).
/// Unknown binary data is `application/octet-stream`, which no gateway takes.
pub fn sniff(bytes: &[u8]) -> String {
    // 3GPP video is an MP4 box file with a `3gp`/`3g2` brand; the detector does not know it.
    if bytes.len() >= 11 && &bytes[4..8] == b"ftyp" && bytes[8..11].eq_ignore_ascii_case(b"3gp")
        || bytes.len() >= 11 && &bytes[4..8] == b"ftyp" && &bytes[8..11] == b"3g2"
    {
        return "video/3gpp".to_owned();
    }
    if let Some(kind) = infer::get(bytes) {
        let mime = match kind.mime_type() {
            "audio/m4a" => "audio/mp4",
            // Opus is an Ogg stream; gateways list it as audio/ogg.
            "audio/opus" => "audio/ogg",
            "video/x-m4v" => "video/mp4",
            other => other,
        };
        // An XML or HTML page is text for our purposes; real text is recognised below.
        if !mime.starts_with("text/") {
            return mime.to_owned();
        }
    }
    if !bytes.is_empty() && !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        return "text/plain".to_owned();
    }
    "application/octet-stream".to_owned()
}

/// A file name safe in a URL path and on any disk: letters, digits, `.`, `-`, `_` only, no
/// leading dot, at most 80 characters, ending in the type's usual extension (some gateways
/// judge a link by its extension).
pub fn safe_file_name(name: Option<&str>, mime: &str) -> String {
    let cleaned: String = name
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    let (stem, own_ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.len() <= 8 => (stem, Some(ext)),
        Some((stem, _)) => (stem, None),
        None => (cleaned, None),
    };
    let mut stem: String = stem.chars().take(64).collect();
    if stem.trim_matches('_').is_empty() {
        stem = "file".to_owned();
    }
    // The type's own extension wins. A type we do not know keeps the name's extension only
    // when it is one of the known types' (a sender's `invoice.html` or `run.desktop` must not
    // become a page or a launcher when saved and opened): anything else is `.bin`.
    let own_known = own_ext
        .map(str::to_ascii_lowercase)
        .filter(|ext| is_known_extension(ext));
    match extension(mime).map(str::to_owned).or(own_known) {
        Some(ext) => format!("{stem}.{ext}"),
        None => format!("{stem}.bin"),
    }
}

/// The usual extension of a type.
pub fn extension(mime: &str) -> Option<&'static str> {
    EXTENSIONS
        .iter()
        .find(|(m, _)| *m == mime)
        .map(|(_, ext)| *ext)
}

/// Whether `ext` is the usual extension of a type we know (and so opens as that type).
fn is_known_extension(ext: &str) -> bool {
    EXTENSIONS.iter().any(|(_, e)| *e == ext)
}

/// The types we know, with their usual extensions.
const EXTENSIONS: &[(&str, &str)] = &[
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
    ("video/mp4", "mp4"),
    ("video/3gpp", "3gp"),
    ("audio/aac", "aac"),
    ("audio/mp4", "m4a"),
    ("audio/amr", "amr"),
    ("audio/mpeg", "mp3"),
    ("audio/ogg", "ogg"),
    ("text/plain", "txt"),
    ("application/pdf", "pdf"),
    ("application/msword", "doc"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("application/vnd.ms-excel", "xls"),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    ("application/vnd.ms-powerpoint", "ppt"),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("application/vnd.oasis.opendocument.presentation", "odp"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid PNG: the signature and an IHDR chunk are enough to recognise it.
    const PNG: &[u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    #[test]
    fn types_come_from_the_bytes_not_the_name() {
        assert_eq!(sniff(PNG), "image/png");
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), "image/jpeg");
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf");
        assert_eq!(sniff(b"\0\0\0\x14ftyp3gp4\0\0\0\0"), "video/3gpp");
        assert_eq!(sniff(b"hello, plain words"), "text/plain");
        assert_eq!(sniff(b"<html><body>hi</body></html>"), "text/plain");
        assert_eq!(sniff(b"\0\x01\x02binary"), "application/octet-stream");
        assert_eq!(sniff(b""), "application/octet-stream");
    }

    #[test]
    fn file_names_are_safe_and_carry_the_types_extension() {
        assert_eq!(safe_file_name(Some("cat.png"), "image/png"), "cat.png");
        assert_eq!(
            safe_file_name(Some("../../etc/passwd"), "image/png"),
            "passwd.png"
        );
        assert_eq!(safe_file_name(Some("photo.gif"), "image/jpeg"), "photo.jpg");
        assert_eq!(
            safe_file_name(Some("my photo (1).jpeg"), "image/jpeg"),
            "my_photo__1_.jpg"
        );
        assert_eq!(safe_file_name(Some(".."), "application/pdf"), "file.pdf");
        assert_eq!(safe_file_name(None, "image/png"), "file.png");
        assert_eq!(safe_file_name(Some("report.pdf"), ""), "report.pdf");
        assert_eq!(
            safe_file_name(Some("C:\\x\\Отчёт.pdf"), "application/pdf"),
            "file.pdf"
        );
    }

    #[test]
    fn a_type_we_do_not_know_is_saved_as_bin_or_a_known_extension() {
        let unknown = "application/octet-stream";
        for (sent, kept) in [
            ("invoice.html", "invoice.bin"),
            ("run.desktop", "run.bin"),
            ("setup.exe", "setup.bin"),
            ("x.svg", "x.bin"),
            ("notes", "notes.bin"),
            ("Report.PDF", "Report.pdf"),
            ("sheet.xlsx", "sheet.xlsx"),
        ] {
            assert_eq!(safe_file_name(Some(sent), unknown), kept, "{sent}");
            assert_eq!(safe_file_name(Some(sent), ""), kept, "{sent} with no type");
        }
        assert_eq!(
            safe_file_name(Some("invoice.html"), "text/plain"),
            "invoice.txt"
        );
    }
}
