//! Everything the WAMM.chat adapter says to people: its `err` strings, HTTP refusals, the
//! history sync's progress, the account check and what it refuses before a message is queued.

switchboard_core::phrases! {
    NO_TOKEN = "wamm.no_token": "No API token is stored for this WAMM.chat account: copy it from Settings in WAMM.chat";
    /// `{base_url}` is the account's base URL, never the URL with the token in it.
    BAD_BASE_URL = "wamm.bad_base_url": "The WAMM.chat address '{base_url}' is not a valid URL: check the account's base URL";
    BAD_TIMEZONE = "wamm.bad_timezone": "The timezone option '{timezone}' is not a time zone: use a name such as Europe/Moscow or an offset such as +03:00";
    UNAUTHORIZED = "wamm.http.unauthorized": "WAMM.chat refused the API token (HTTP {status}): check the token in the account settings";
    NOT_FOUND = "wamm.http.not_found": "WAMM.chat has no such address (HTTP 404): check the account's base URL, normally https://wamm.chat/api2";

    ERROR_TOKEN_FAIL = "wamm.error.token_fail": "WAMM.chat refused the API token: copy it again from Settings in WAMM.chat (administrators see it there) into the account's secret";
    ERROR_NOT_AUTHORIZED = "wamm.error.not_authorized": "WAMM.chat is not connected to WhatsApp: open WAMM.chat and link the phone again (scan the QR code), then retry";
    ERROR_PHONE_FAIL = "wamm.error.phone_fail": "WAMM.chat did not accept the phone number {phone}: check the number";
    ERROR_NOT_CHECKED = "wamm.error.not_checked": "WAMM.chat has not finished checking whether {phone} has WhatsApp; the message is tried again shortly";
    ERROR_FAIL_EXECUTION = "wamm.error.fail_execution": "WAMM.chat could not check whether {phone} has WhatsApp this time; trying again shortly";
    ERROR_TEXT_FAIL = "wamm.error.text_fail": "The message is empty: WAMM.chat sends no empty text";
    ERROR_TEXT_TOO_LONG = "wamm.error.text_too_long": "The message is too long: WAMM.chat accepts at most {max} characters";
    ERROR_URL_FAIL = "wamm.error.url_fail": "The file link is empty or does not start with http:// or https://: WAMM.chat fetches files from a public link";
    ERROR_COL_FAIL = "wamm.error.col_fail": "WAMM.chat refused the number of messages asked for (1 to 100 are allowed)";
    ERROR_MSG_GONE = "wamm.error.msg_gone": "WAMM.chat does not know this message any more";
    ERROR_NAME_FAIL = "wamm.error.name_fail": "WAMM.chat keeps contacts only with a name: give the contact a name";
    ERROR_NAME_TOO_LONG = "wamm.error.name_too_long": "The contact's name is too long: WAMM.chat accepts at most {max} characters";
    ERROR_PHONE_NOT_FOUND = "wamm.error.phone_not_found": "WAMM.chat has no contact with the number {phone}";
    /// `{said}` is WAMM.chat's own `err`, which named a daily limit.
    ERROR_DAY_LIMIT = "wamm.error.day_limit": "WAMM.chat refused more messages for today ('{said}'): test accounts may send {per_day} messages a day by API; the message is tried again later";
    /// `{said}` is an `err` WAMM.chat does not document.
    ERROR_OTHER = "wamm.error.other": "WAMM.chat answered '{said}'; the request is tried again later";
    NO_WHATSAPP = "wamm.error.no_whatsapp": "{phone} has no WhatsApp: WAMM.chat checked the number, and nothing was sent";
    /// `check_phone` answered neither `exists` nor `none`; `{said}` is its answer.
    CHECK_PHONE_UNCLEAR = "wamm.check_phone.unclear": "WAMM.chat did not say whether {phone} has WhatsApp (it answered '{said}'); trying again later";
    CHECK_PHONE_SILENT = "wamm.check_phone.silent": "WAMM.chat did not say whether {phone} has WhatsApp (it answered 'nothing'); trying again later";
    TEMPLATES_REFUSED = "wamm.send.templates": "WAMM.chat sends text and files only, not templates";
    NO_MSG_ID = "wamm.send.no_msg_id": "WAMM.chat accepted the message but gave no message number; it is not sent again, to avoid a duplicate";

    LOADING_HISTORY = "wamm.sync.loading_history": "Loading history";
    STATE_FAILED = "wamm.status.failed": "WAMM.chat could not send the message (its state is '{state}')";
    CHECK_CONNECTED = "wamm.check.connected": "WAMM.chat accepted the API token and is connected to WhatsApp";
    CHECK_NO_MESSAGES = "wamm.check.no_messages": "WAMM.chat accepted the API token (the account has no messages yet)";

    TEXT_TOO_LONG = "wamm.invalid.text_too_long": "WAMM.chat accepts at most {max} characters; this message has {chars}.";
    TEMPLATES = "wamm.invalid.templates": "WAMM.chat sends text and files only, not templates: write the message as text.";
    NOT_HTTP = "wamm.invalid.not_http": "WAMM.chat fetches files from a public link starting with http:// or https://; '{url}' is not one.";
    MEDIA_TYPE = "wamm.invalid.media_type": "WAMM.chat is not offered files of type '{mime}': send images (JPEG, PNG, GIF, WebP), video (MP4, 3GPP), audio (MP3, OGG, M4A, AAC), PDF, Word, Excel, ZIP or text files.";
    CAPTION = "wamm.invalid.caption": "WAMM.chat sends files without a caption: send the words as a separate message.";
}
