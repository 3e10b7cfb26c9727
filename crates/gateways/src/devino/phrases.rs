//! Everything the Devino adapter says to people: its refusals (the REJECTED reason keys with
//! their fields), the meanings of status callbacks' `errorCode`s, and what it refuses before a
//! message is queued.

switchboard_core::phrases! {
    NO_API_KEY = "devino.no_api_key": "No API key is stored for this account";
    UNAUTHORIZED = "devino.unauthorized": "Devino refused the API key (HTTP {status}): check the key in the account settings";

    REJECTED_BILLING = "devino.rejected.billing": "Devino requires payment: top up the Devino balance";
    REJECTED_FORBIDDEN = "devino.rejected.forbidden": "Devino says sending is forbidden for this account";
    REJECTED_UNKNOWN = "devino.rejected.unknown": "Devino reported an unknown error";
    REJECTED_INVALID_TO = "devino.rejected.invalid_to": "Devino says the phone number is wrong";
    REJECTED_INVALID_VALIDITY = "devino.rejected.invalid_validity": "Devino says the message lifetime (validity) is wrong";
    REJECTED_INVALID_CALLBACK_URL = "devino.rejected.invalid_callback_url": "Devino says the status callback URL is wrong";
    REJECTED_INVALID_CONTENT_URL = "devino.rejected.invalid_content_url": "Devino says the file link is wrong";
    REJECTED_INVALID_CONTENT_TYPE = "devino.rejected.invalid_content_type": "Devino does not accept this file type";
    REJECTED_INVALID_FROM = "devino.rejected.invalid_from": "Devino says the sender name is wrong";
    REJECTED_INVALID_LANGUAGE_CODE = "devino.rejected.invalid_language_code": "Devino says the template language code is wrong";
    REJECTED_INVALID_TEMPLATE_PARAMS = "devino.rejected.invalid_template_params": "Devino refused a template parameter: parameters may not hold line breaks, tabs or four spaces in a row";
    REJECTED_TOO_LONG_TO = "devino.rejected.too_long_to": "Devino says the phone number is too long";
    REJECTED_TOO_LONG_TEXT = "devino.rejected.too_long_text": "Devino says the text is too long: it accepts at most {max} characters";
    REJECTED_TOO_LONG_LANGUAGE_CODE = "devino.rejected.too_long_language_code": "Devino says the language code is too long";
    REJECTED_TOO_LONG_CONTENT_NAME = "devino.rejected.too_long_content_name": "Devino says the file name is too long: it accepts at most {max} characters";
    REJECTED_TOO_SHORT_CONTENT_NAME = "devino.rejected.too_short_content_name": "Devino says the file name is too short";
    REJECTED_TOO_SHORT_LANGUAGE_CODE = "devino.rejected.too_short_language_code": "Devino says the language code is too short";
    REJECTED_MISSING_TO = "devino.rejected.missing_to": "Devino says the recipient is missing";
    REJECTED_MISSING_MESSAGES = "devino.rejected.missing_messages": "Devino received no message to send";
    REJECTED_MISSING_FROM = "devino.rejected.missing_from": "Devino says the sender name is missing: set the sender in the account settings";
    REJECTED_MISSING_CONTENT = "devino.rejected.missing_content": "Devino says the message has no text, file or template";
    REJECTED_SENDER_NOT_AVAILABLE = "devino.rejected.sender_not_available": "Devino says this sender name is not available to the account: check the sender in the account settings";
    REJECTED_TOO_MANY_MESSAGES = "devino.rejected.too_many_messages": "Devino says the request held too many messages";
    /// A reason key Devino does not document, with the field it named (both Devino's words).
    REJECTED_OTHER_AT = "devino.rejected.other_at": "Devino rejected the message: {key} ({field})";
    /// A reason key Devino does not document (Devino's word).
    REJECTED_OTHER = "devino.rejected.other": "Devino rejected the message: {key}";
    /// A result code other than OK or REJECTED, with no reasons (Devino's word).
    NOT_ACCEPTED = "devino.rejected.not_accepted": "Devino did not accept the message ({code})";
    /// Two or more reasons for one refusal, in Devino's order.
    REJECTED_AND = "devino.rejected.and": "{first}; {more}";
    /// A refusal with Devino's own description of it (Devino's words).
    REJECTED_DESCRIBED = "devino.rejected.described": "{reason} ({description})";

    STATUS_2000 = "devino.status.2000": "The recipient's operator could not be determined";
    /// 2001, 2017 and 2302.
    STATUS_SPAM = "devino.status.spam": "Rejected as spam";
    /// 2002 to 2004, 2006 to 2008 and 2012.
    STATUS_BILLING = "devino.status.billing": "Devino reported a billing error";
    STATUS_2005 = "devino.status.2005": "Not enough money on the Devino balance";
    STATUS_2009 = "devino.status.2009": "Rejected as a duplicate of an earlier message";
    /// 2010 and 2011.
    STATUS_EXPIRED = "devino.status.expired": "The message expired before it could be delivered";
    /// 2300 and 2304.
    STATUS_TEXT_TOO_LONG = "devino.status.text_too_long": "The text is longer than WhatsApp allows";
    STATUS_2301 = "devino.status.2301": "Too many messages were sent in a short time; it will be sent again";
    STATUS_2303 = "devino.status.2303": "The file type is not supported, or the image is too large (5 MB or more)";
    STATUS_2305 = "devino.status.2305": "This number does not use WhatsApp (or no longer does)";
    STATUS_2307 = "devino.status.2307": "The message was addressed to the business account's own number";
    STATUS_2308 = "devino.status.2308": "The number of template parameters does not match the template";
    /// 2309 and 2310.
    STATUS_NO_TEMPLATE = "devino.status.no_template": "The template does not exist for this language";
    STATUS_2311 = "devino.status.2311": "A template parameter is too long";
    STATUS_2312 = "devino.status.2312": "The customer has not written in the last 24 hours: only a template can be sent";
    STATUS_2313 = "devino.status.2313": "Devino reported an unknown error";
    /// An `errorCode` Devino does not document.
    STATUS_OTHER = "devino.status.other": "Devino error {code}";
    /// A failure without an `errorCode`; `{status}` is Devino's status word, in lower case.
    STATUS_NO_REASON = "devino.status.no_reason": "Devino reported the message {status} without giving a reason";

    NO_SENDER = "devino.invalid.no_sender": "This Devino account has no sender name: set the sender in the account settings.";
    TEMPLATE_HEADER = "devino.invalid.template_header": "Devino templates take body parameters only, not a header parameter";
    TEMPLATE_BUTTONS = "devino.invalid.template_buttons": "Devino templates take body parameters only, not button parameters";
    TEXT_TOO_LONG = "devino.invalid.text_too_long": "Devino accepts at most {max} characters; this message has {chars}.";
    CAPTION_TOO_LONG = "devino.invalid.caption_too_long": "Devino accepts at most {max} characters; this caption has {chars}.";
    NOT_HTTP = "devino.invalid.not_http": "Devino fetches files by a link starting with http:// or https://; '{url}' is not one.";
    MEDIA_TYPE = "devino.invalid.media_type": "Devino does not send files of type '{mime}': it accepts images (JPEG, PNG), video (MP4, 3GPP), audio (AAC, MP4, AMR, MPEG, OGG), PDF and office documents.";
    FILE_NAME_TOO_LONG = "devino.invalid.file_name_too_long": "Devino accepts file names of at most {max} characters; this one has {chars}.";
    PARAM_LINE_BREAK = "devino.invalid.param_line_break": "Template parameter {n} contains a line break, which Devino does not allow.";
    PARAM_TAB = "devino.invalid.param_tab": "Template parameter {n} contains a tab, which Devino does not allow.";
    PARAM_SPACES = "devino.invalid.param_spaces": "Template parameter {n} contains four spaces in a row, which Devino does not allow.";
    LANGUAGE_CODE = "devino.invalid.language_code": "'{language}' is not a language code Devino understands: use a code such as 'en', 'ru' or 'pt_BR'.";
}
