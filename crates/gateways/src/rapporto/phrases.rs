//! Everything the Rapporto adapter says to people: its error codes 1 to 11 and 100, HTTP
//! refusals, delivery reports' failures, the account's settings and what it refuses before a
//! message is queued.

switchboard_core::phrases! {
    NO_PASSWORD = "rapporto.no_password": "No Rapporto password is stored for this account";

    ERROR_1 = "rapporto.error.1": "Rapporto's service is unavailable for now (code 1)";
    ERROR_2 = "rapporto.error.2": "Rapporto refused this server's IP address (code 2): ask Rapporto to add the public IP address Switchboard sends from to the account's list of allowed IP addresses";
    ERROR_3 = "rapporto.error.3": "Rapporto has too many connections from this account (code 3)";
    /// `{description}` is Rapporto's own extended description of what is wrong.
    ERROR_4 = "rapporto.error.4": "Rapporto refused the request as invalid: {description}";
    /// Code 4 without Rapporto's description.
    ERROR_4_UNDESCRIBED = "rapporto.error.4_undescribed": "Rapporto refused the request as invalid (code 4)";
    ERROR_5 = "rapporto.error.5": "Rapporto refused the login (code 5): check the login option in the account settings";
    ERROR_6 = "rapporto.error.6": "Rapporto refused the password (code 6): check the password stored for this account";
    ERROR_7 = "rapporto.error.7": "Rapporto says the sender name (serviceNumber) is not defined (code 7): set the sender in the account settings to the name Rapporto registered for you";
    ERROR_8 = "rapporto.error.8": "Rapporto says the recipient's phone number is not correct (code 8)";
    ERROR_9 = "rapporto.error.9": "Rapporto refused the message type WHATSAPP (code 9): ask Rapporto to enable WhatsApp messages for this login";
    ERROR_10 = "rapporto.error.10": "Rapporto already accepted this message from an earlier attempt and refuses to send it twice (code 10), so it was most likely sent: its delivery report will tell. Ask Rapporto to enable duplicate control, so that a repeated request answers the first one's message number";
    /// `{allowed}` lists the lifetimes Rapporto takes, in minutes.
    ERROR_11 = "rapporto.error.11": "Rapporto refused the message lifetime (code 11): set the ttl option to one of {allowed} minutes, or remove it to use the account's default";
    ERROR_100 = "rapporto.error.100": "Rapporto had an internal error (code 100)";
    /// An undocumented code in a 429 or 5xx answer.
    OTHER_BUSY = "rapporto.error.other_busy": "Rapporto could not take the message now (code {code})";
    /// The same, with Rapporto's description of the code.
    OTHER_BUSY_DESCRIBED = "rapporto.error.other_busy_described": "Rapporto could not take the message now (code {code}: {description})";
    /// An undocumented code in any other answer.
    OTHER_REFUSED = "rapporto.error.other_refused": "Rapporto refused the message (code {code})";
    OTHER_REFUSED_DESCRIBED = "rapporto.error.other_refused_described": "Rapporto refused the message (code {code}: {description})";
    /// A reason of ours followed by what Rapporto added (its `extendedDescription`).
    EXTENDED = "rapporto.error.extended": "{reason}. Rapporto says: {extended}";
    UNAUTHORIZED = "rapporto.http.unauthorized": "Rapporto refused the login or password (HTTP {status}): check them in the account settings";
    FORBIDDEN = "rapporto.http.forbidden": "Rapporto refused the request (HTTP {status}): ask Rapporto to add the public IP address Switchboard sends from to the account's list of allowed IP addresses";
    NOT_FOUND = "rapporto.http.not_found": "Nothing takes messages at this Rapporto endpoint (HTTP {status}): check that the base URL is the full address Rapporto gave you";

    CHECK_ANSWERED = "rapporto.check.answered": "Rapporto answered; the login and password are fully checked on the first send";
    CHECK_NOT_REFUSED = "rapporto.check.not_refused": "Rapporto answered and did not refuse the login, the password or this server's IP address; the login and password are fully checked on the first send";
    /// A refusal of the check by an address that answers without Rapporto's error body.
    CHECK_NOT_RAPPORTO = "rapporto.check.not_rapporto": "{reason}. This address does not answer like Rapporto";

    /// A delivery report's own words about the failure (its `errorDescription`).
    REPORT_SAID = "rapporto.report.said": "Rapporto says: {description}";
    /// A delivery report's `errorCode` without a description.
    REPORT_CODE = "rapporto.report.code": "Rapporto error {code}";
    /// A failing delivery report without a code; `{status}` is Rapporto's word, in lower case.
    REPORT_NO_REASON = "rapporto.report.no_reason": "Rapporto reported the message {status} without giving a reason";

    NO_ENDPOINT = "rapporto.settings.no_endpoint": "This Rapporto account has no endpoint: set the base URL to the full address Rapporto gave you for sending messages.";
    ENDPOINT_NOT_HTTP = "rapporto.settings.endpoint_not_http": "Rapporto's endpoint must be a link starting with http:// or https://; '{endpoint}' is not one.";
    NO_LOGIN = "rapporto.settings.no_login": "This Rapporto account has no login: add the option login=<your Rapporto login>.";
    NO_SENDER = "rapporto.settings.no_sender": "This Rapporto account has no sender name (Rapporto's serviceNumber): set the sender in the account settings.";
    BAD_TTL = "rapporto.settings.bad_ttl": "Rapporto's message lifetime (option ttl) is in minutes and must be one of {allowed} (or 0 for the account's default); '{ttl}' is not.";

    TEXT_TOO_LONG = "rapporto.invalid.text_too_long": "Rapporto accepts at most {max} characters; this message has {chars}.";
    CAPTION = "rapporto.invalid.caption": "Rapporto sends an image or a text, never both in one message: send the image without a caption and the caption as a separate text message.";
    IMAGE_NOT_HTTP = "rapporto.invalid.image_not_http": "Rapporto fetches images by a link starting with http:// or https://; '{url}' is not one.";
    IMAGE_TYPE = "rapporto.invalid.image_type": "Rapporto sends JPG and PNG images only over WhatsApp; this file is '{mime}'.";
    IMAGE_UNTYPED = "rapporto.invalid.image_untyped": "Rapporto sends JPG and PNG images only, and this link does not end in .jpg, .jpeg or .png: say which type the image is.";
    TEMPLATES = "rapporto.invalid.templates": "Rapporto sends WhatsApp texts and images only, not templates.";
    NOTIFY_URL_EMPTY = "rapporto.invalid.notify_url_empty": "The address for Rapporto's delivery reports is empty: set the server's public URL.";
    NOTIFY_URL_TOO_LONG = "rapporto.invalid.notify_url_too_long": "Rapporto accepts a delivery report address of at most {max} characters; this one has {chars}.";
}
