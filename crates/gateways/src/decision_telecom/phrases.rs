//! Everything the DecisionTelecom adapter says to people: its error codes 1 to 9 and HTTP
//! refusals, the failing statuses, the status look-up's trouble and what it refuses before a
//! message is queued.

switchboard_core::phrases! {
    NO_ACCESS_KEY = "decision_telecom.no_access_key": "No DecisionTelecom access key is stored for this account: enter the key your DecisionTelecom account manager gave you";
    CHECKED = "decision_telecom.checked": "DecisionTelecom accepted the access key (checked with a status look-up)";

    /// Code 1; `{parameter}` names it (one of the `PARAMETER_*` phrases).
    ERROR_1 = "decision_telecom.error.1": "DecisionTelecom says {parameter} is empty or not valid";
    /// Codes 2, 4, 5 and 6.
    ERROR_INTERNAL = "decision_telecom.error.internal": "DecisionTelecom had an internal server error (code {code}); sending again later should work";
    /// Code 3, and HTTP 402.
    ERROR_3 = "decision_telecom.error.3": "The DecisionTelecom balance is empty: top it up, then send again";
    ERROR_7 = "decision_telecom.error.7": "More than 24 hours have passed since the customer last wrote, so WhatsApp allows only a template now: send an approved template instead";
    ERROR_8 = "decision_telecom.error.8": "DecisionTelecom refused the image: the file at the link is not a JPEG or PNG image (wrong file type)";
    ERROR_9 = "decision_telecom.error.9": "DecisionTelecom refused the image link: it must end in .jpg, .jpeg or .png (wrong file extension)";
    UNAUTHORIZED = "decision_telecom.unauthorized": "DecisionTelecom refused the access key (HTTP {status}): check the key in the account settings";
    HTTP_404 = "decision_telecom.http_404": "DecisionTelecom has no such API address (HTTP 404): check the account's base URL";
    HTTP_408 = "decision_telecom.http_408": "DecisionTelecom timed out handling the request (HTTP 408)";
    /// An undocumented 4xx whose error object has no words.
    REFUSED_BARE = "decision_telecom.refused_bare": "DecisionTelecom refused the request (HTTP {status})";

    PARAMETER_SOURCE_ADDR = "decision_telecom.parameter.source_addr": "the sender name (source_addr): check the sender in the account settings, at most 20 characters";
    PARAMETER_DESTINATION_ADDR = "decision_telecom.parameter.destination_addr": "the recipient's number (destination_addr)";
    PARAMETER_MESSAGE_TYPE = "decision_telecom.parameter.message_type": "the message type (message_type)";
    PARAMETER_TEXT = "decision_telecom.parameter.text": "the text (text): it must not be empty and may have at most 4096 characters";
    PARAMETER_FILE_URL = "decision_telecom.parameter.file_url": "the image link (file_url)";
    PARAMETER_CALLBACK_URL = "decision_telecom.parameter.callback_url": "the status callback address (callback_url)";
    PARAMETER_TEMPLATE_NAME = "decision_telecom.parameter.template_name": "the template name (template_name)";
    PARAMETER_TEMPLATE_PARAMS = "decision_telecom.parameter.template_params": "the template parameters (template_params)";
    PARAMETER_MESSAGE_ID = "decision_telecom.parameter.message_id": "the message id (message_id)";
    /// A parameter the page does not list, by DecisionTelecom's name for it.
    PARAMETER_OTHER = "decision_telecom.parameter.other": "the parameter '{name}'";
    PARAMETER_UNNAMED = "decision_telecom.parameter.unnamed": "a parameter of the message";

    /// `{problem}` says what was wrong with the answer, for whoever debugs it.
    LOOKUP_UNREADABLE = "decision_telecom.lookup.unreadable": "DecisionTelecom's status look-up failed: its status answer {problem}: {answer}";
    LOOKUP_NOT_DOCUMENTED = "decision_telecom.lookup.not_documented": "DecisionTelecom's status look-up failed: its answer is not the documented JSON: {answer}";

    STATUS_2 = "decision_telecom.status.2": "DecisionTelecom rejected the message: it was not sent";
    STATUS_3 = "decision_telecom.status.3": "DecisionTelecom reported an error while sending the message";
    STATUS_4 = "decision_telecom.status.4": "WhatsApp could not deliver the message (DecisionTelecom says it failed)";

    RECIPIENT_TOO_LONG = "decision_telecom.invalid.recipient_too_long": "DecisionTelecom accepts recipient numbers of at most {max} digits; this one has {digits}.";
    BUTTON_EMPTY = "decision_telecom.invalid.button_empty": "The parameter of template button {index} is empty: fill it in.";
    NO_SENDER = "decision_telecom.invalid.no_sender": "This DecisionTelecom account has no sender name: set the sender in the account settings.";
    SENDER_TOO_LONG = "decision_telecom.invalid.sender_too_long": "DecisionTelecom accepts sender names of at most {max} characters; '{sender}' has {chars}: shorten the sender in the account settings.";
    TEXT_TOO_LONG = "decision_telecom.invalid.text_too_long": "DecisionTelecom accepts at most {max} characters; this message has {chars}.";
    MEDIA_TYPE = "decision_telecom.invalid.media_type": "DecisionTelecom sends only JPEG and PNG images, not files of type '{mime}'.";
    CAPTION = "decision_telecom.invalid.caption": "DecisionTelecom sends an image without a caption: remove the caption and send the text as a separate message.";
    IMAGE_NOT_HTTP = "decision_telecom.invalid.image_not_http": "DecisionTelecom fetches the image by a link starting with http:// or https://; '{url}' is not one.";
    HEADER_IMAGE_NOT_HTTP = "decision_telecom.invalid.header_image_not_http": "DecisionTelecom fetches the header image by a link starting with http:// or https://; '{url}' is not one.";
    IMAGE_EXTENSION = "decision_telecom.invalid.image_extension": "DecisionTelecom needs the image link to end in .jpg, .jpeg or .png; '{url}' does not.";
    HEADER_IMAGE_EXTENSION = "decision_telecom.invalid.header_image_extension": "DecisionTelecom needs the header image link to end in .jpg, .jpeg or .png; '{url}' does not.";
    NO_NAMESPACE = "decision_telecom.invalid.no_namespace": "DecisionTelecom templates need the account's WhatsApp Business namespace: set the account option 'namespace' (your DecisionTelecom manager can tell it).";
    PARAM_EMPTY = "decision_telecom.invalid.param_empty": "Template parameter {n} is empty: WhatsApp refuses empty parameters.";
    LANGUAGE_CODE = "decision_telecom.invalid.language_code": "'{language}' is not a WhatsApp language code: use a code such as 'en', 'ru' or 'en_US'.";
    HEADER_TEXT_EMPTY = "decision_telecom.invalid.header_text_empty": "The template's header text is empty: fill it in.";
    HEADER_FILE_NOT_HTTP = "decision_telecom.invalid.header_file_not_http": "WhatsApp fetches the template's header file by a link starting with http:// or https://; '{url}' is not one.";
}
