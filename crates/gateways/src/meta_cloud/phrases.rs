//! Everything the Cloud API adapter says to people: Meta's error codes (one per code or group
//! of codes with the same meaning), the failures around them, the credentials, the check,
//! media look-ups and what it refuses before a message is queued.

switchboard_core::phrases! {
    ERROR_0 = "meta.error.0": "Meta could not authenticate the access token: paste a new access token into the account's secret";
    ERROR_190 = "meta.error.190": "Meta refused the access token: it is invalid or has expired; paste a new access token into the account's secret";
    ERROR_3 = "meta.error.3": "The access token's app lacks the capability to send WhatsApp messages";
    /// 10, and 200 to 299.
    ERROR_10 = "meta.error.10": "The access token has no permission to send from this phone number: grant whatsapp_business_messaging to the app, or use a token of the number's business";
    ERROR_4 = "meta.error.4": "The app made too many API calls (Meta's rate limit); the message will be sent again later";
    ERROR_613 = "meta.error.613": "Meta's call rate limit was reached; the message will be sent again later";
    ERROR_80007 = "meta.error.80007": "The WhatsApp Business Account reached its rate limit; the message will be sent again later";
    ERROR_130429 = "meta.error.130429": "Meta's message throughput limit for this phone number was reached (rate limit); the message will be sent again later";
    ERROR_131056 = "meta.error.131056": "Too many messages went to this customer in a short time (pair rate limit); the message will be sent again after a pause";
    ERROR_1 = "meta.error.1": "Meta reported an unknown error, possibly on its side; the message will be sent again later";
    /// 2 and 131016.
    ERROR_2 = "meta.error.2": "Meta's service is temporarily unavailable; the message will be sent again later";
    ERROR_131000 = "meta.error.131000": "Something went wrong at Meta; the message will be sent again later";
    ERROR_133004 = "meta.error.133004": "Meta's server is temporarily unavailable; the message will be sent again later";
    ERROR_131057 = "meta.error.131057": "The WhatsApp Business Account is in maintenance mode; the message will be sent again later";
    ERROR_100 = "meta.error.100": "Meta says a parameter of the message is invalid";
    ERROR_131008 = "meta.error.131008": "Meta says a required parameter is missing";
    ERROR_131009 = "meta.error.131009": "Meta says a parameter value is not valid";
    ERROR_33 = "meta.error.33": "Meta says this phone number ID does not exist or was deleted: check the sender in the account settings";
    ERROR_368 = "meta.error.368": "The WhatsApp Business Account is temporarily blocked for violating Meta's policies";
    ERROR_130472 = "meta.error.130472": "Meta did not deliver the message because the customer's number is part of a Meta experiment";
    ERROR_130497 = "meta.error.130497": "The business account may not message customers in this country";
    ERROR_131021 = "meta.error.131021": "The recipient is the business phone number itself";
    ERROR_131026 = "meta.error.131026": "The message is undeliverable: the number may not use WhatsApp, may have an old WhatsApp version, or has not accepted WhatsApp's latest terms";
    ERROR_131030 = "meta.error.131030": "The recipient is not in the allowed list: a test phone number may only message numbers added to its allowed list in the Meta app dashboard";
    ERROR_131031 = "meta.error.131031": "The business account has been locked by Meta";
    ERROR_131042 = "meta.error.131042": "Meta reported a payment problem with the business account: check its payment method";
    ERROR_131045 = "meta.error.131045": "The phone number's display name certificate is wrong or missing: register the number again";
    ERROR_131047 = "meta.error.131047": "More than 24 hours have passed since the customer last wrote: only a template message can be sent now (re-engagement)";
    ERROR_131048 = "meta.error.131048": "Meta restricts how many messages this number may send, after messages were blocked or flagged as spam: check the number's quality in WhatsApp Manager";
    ERROR_131049 = "meta.error.131049": "Meta chose not to deliver this message to keep engagement healthy (too many marketing messages to this customer); try again in a day or more";
    ERROR_131050 = "meta.error.131050": "The customer stopped marketing messages from this business";
    ERROR_131051 = "meta.error.131051": "WhatsApp does not support this message type";
    ERROR_131052 = "meta.error.131052": "WhatsApp could not download the customer's media file";
    ERROR_131053 = "meta.error.131053": "WhatsApp could not fetch or upload the media file: check that the link is public and the file type and size are allowed";
    ERROR_132000 = "meta.error.132000": "The number of template parameters does not match the template (parameter count mismatch)";
    ERROR_132001 = "meta.error.132001": "The template does not exist in this language, or is not approved yet";
    ERROR_132005 = "meta.error.132005": "The template text is too long once its parameters are filled in";
    ERROR_132007 = "meta.error.132007": "The template's content violates WhatsApp's character policy";
    ERROR_132012 = "meta.error.132012": "A template parameter has the wrong format for the template (for example text where the header expects an image)";
    ERROR_132015 = "meta.error.132015": "The template is paused because of low quality and cannot be sent now";
    ERROR_132016 = "meta.error.132016": "The template is disabled because of low quality and can no longer be sent";
    ERROR_133010 = "meta.error.133010": "The business phone number is not registered with the Cloud API: register it first";
    ERROR_135000 = "meta.error.135000": "Meta reported a generic error with the message";
    /// A documented code's sentence with Meta's `details` (or title), in Meta's words.
    ERROR_DETAILED = "meta.error.detailed": "{reason} ({details})";
    /// An undocumented code, with Meta's words about it.
    ERROR_OTHER = "meta.error.other": "Meta error {code}: {details}";
    /// No code, only Meta's words.
    ERROR_UNCODED = "meta.error.uncoded": "Meta reported an error: {details}";
    ERROR_UNEXPLAINED_CODE = "meta.error.unexplained_code": "Meta reported error {code} without explaining it";
    ERROR_UNEXPLAINED = "meta.error.unexplained": "Meta reported an error without explaining it";
    /// An error with the trace id Meta's support asks for.
    ERROR_TRACED = "meta.error.traced": "{reason} [fbtrace_id {trace}]";
    /// An undocumented code in an HTTP 401.
    TOKEN_REFUSED = "meta.error.token_refused": "Meta refused the access token (HTTP 401): {reason}";
    HTTP_401 = "meta.http.401": "Meta refused the access token (HTTP 401): it is invalid or has expired; paste a new access token into the account's secret";
    HTTP_403 = "meta.http.403": "Meta refused access (HTTP 403): the access token has no permission for this phone number";

    STATUS_NO_REASON = "meta.status.no_reason": "WhatsApp reported the message failed without giving a reason";

    NO_CREDENTIALS = "meta.credentials.missing": "No access token is stored for this WhatsApp Cloud API account: add it to the account's secret";
    EMPTY_TOKEN = "meta.credentials.empty": "The stored access token is empty: paste the access token into the account's secret";
    /// `{example}` shows the JSON the secret should be.
    NOT_AN_OBJECT = "meta.credentials.not_an_object": "The stored secret starts like JSON but is not a JSON object: write it as {example}";
    NOT_TEXT = "meta.credentials.not_text": "The stored secret's '{name}' must be a string of text";
    NO_ACCESS_TOKEN = "meta.credentials.no_access_token": "The stored secret has no 'access_token': add the access token Meta gave for this phone number";

    CHECK_NOT_JSON = "meta.check.not_json": "WhatsApp Cloud API answered the check with something that is not JSON: {answer}";
    CHECK_WORKS = "meta.check.works": "The access token works for phone number ID {id}.";
    CHECK_WORKS_PHONE = "meta.check.works_phone": "The access token works for phone number ID {id} ({phone}).";
    CHECK_WORKS_NAMED = "meta.check.works_named": "The access token works for phone number ID {id} ({phone}, {name}).";
    /// A check's result followed by a warning about the account's secret.
    CHECK_AND = "meta.check.and": "{said} {warning}";
    CHECK_NO_APP_SECRET = "meta.check.no_app_secret": "Webhooks will be refused until \"app_secret\" is added to the account's secret.";
    CHECK_NO_VERIFY_TOKEN = "meta.check.no_verify_token": "Meta's webhook verification needs \"verify_token\" in the account's secret.";

    MEDIA_BAD_ID = "meta.media.bad_id": "'{id}' is not a Cloud API media id";
    MEDIA_UNREACHABLE = "meta.media.unreachable": "the Cloud API cannot be reached: {detail}";
    MEDIA_ANSWERED = "meta.media.answered": "the Cloud API answered {status} for media {id}";
    MEDIA_UNREADABLE = "meta.media.unreadable": "the Cloud API's answer about media {id} is unreadable: {detail}";

    NO_PHONE_NUMBER_ID = "meta.invalid.no_phone_number_id": "This WhatsApp Cloud API account has no phone number ID: set the sender to the phone number ID shown in the Meta app's WhatsApp API Setup.";
    NOT_PHONE_NUMBER_ID = "meta.invalid.not_phone_number_id": "The sender '{id}' is not a phone number ID: use the ID of digits shown in the Meta app's WhatsApp API Setup, not the phone number itself.";
    LANGUAGE_OPTION = "meta.invalid.language_option": "The account option 'language' ({value}) is not a template language code such as 'en_US', 'ru' or 'pt_BR'.";
    TEXT_TOO_LONG = "meta.invalid.text_too_long": "WhatsApp Cloud API accepts at most {max} characters; this message has {chars}.";
    CAPTION_TOO_LONG = "meta.invalid.caption_too_long": "WhatsApp Cloud API accepts at most {max} characters; this caption has {chars}.";
    MEDIA_TYPE = "meta.invalid.media_type": "WhatsApp Cloud API does not send files of type '{mime}': it accepts images (JPEG, PNG), video (MP4, 3GPP), audio (AAC, AMR, MP3, MP4, OGG), PDF, text and Microsoft Office documents.";
    AUDIO_CAPTION = "meta.invalid.audio_caption": "WhatsApp does not show captions on audio messages: remove the caption or send it as a text.";
    FILE_NOT_HTTP = "meta.invalid.file_not_http": "WhatsApp fetches the file from a public link starting with http:// or https://; '{url}' is not one.";
    HEADER_FILE_NOT_HTTP = "meta.invalid.header_file_not_http": "WhatsApp fetches the header file from a public link starting with http:// or https://; '{url}' is not one.";
    TEMPLATE_NAME = "meta.invalid.template_name": "'{name}' is not a WhatsApp template name: names are lower-case letters, digits and underscores, as in WhatsApp Manager.";
    LANGUAGE_CODE = "meta.invalid.language_code": "'{language}' is not a template language code: use a code such as 'en_US', 'ru' or 'pt_BR'.";
    PARAM_EMPTY = "meta.invalid.param_empty": "Template parameter {n} is empty: WhatsApp needs some text.";
    PARAM_LINE_BREAK = "meta.invalid.param_line_break": "Template parameter {n} contains a line break, which WhatsApp does not allow in parameters.";
    PARAM_TAB = "meta.invalid.param_tab": "Template parameter {n} contains a tab, which WhatsApp does not allow in parameters.";
    PARAM_SPACES = "meta.invalid.param_spaces": "Template parameter {n} contains more than four spaces in a row, which WhatsApp does not allow.";
    HEADER_EMPTY = "meta.invalid.header_empty": "The header parameter is empty: WhatsApp needs some text.";
    HEADER_LINE_BREAK = "meta.invalid.header_line_break": "The header parameter contains a line break, which WhatsApp does not allow in parameters.";
    HEADER_TAB = "meta.invalid.header_tab": "The header parameter contains a tab, which WhatsApp does not allow in parameters.";
    HEADER_SPACES = "meta.invalid.header_spaces": "The header parameter contains more than four spaces in a row, which WhatsApp does not allow.";
    HEADER_TOO_LONG = "meta.invalid.header_too_long": "A template header holds at most {max} characters; this header parameter has {chars}.";
    BUTTON_INDEX = "meta.invalid.button_index": "Template buttons are numbered 0 to {max}; {index} is not one.";
    URL_BUTTON_EMPTY = "meta.invalid.url_button_empty": "The URL button's suffix is empty.";
    QUICK_REPLY_EMPTY = "meta.invalid.quick_reply_empty": "The quick-reply button's payload is empty.";
    HEADER_FILE_NOT_HTTPS = "meta.invalid.header_file_not_https": "A template's header file must be at an https:// link; '{url}' is not one.";
    HEADER_FILE_TYPE = "meta.invalid.header_file_type": "This template's header takes {accepted} files; '{url}' is not one.";
    NOT_WABA = "meta.templates.not_waba": "'{id}' is not a WhatsApp Business Account ID: use the ID of digits WhatsApp Manager shows.";
    TEMPLATES_TOO_LARGE = "meta.templates.too_large": "WhatsApp Cloud API answered the template list with more than {max_bytes}; it was not read.";
}
