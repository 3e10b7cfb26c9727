//! Everything the phone bridge says to people: the phone's results, the wait for the phone, the
//! account's settings and what it refuses before a message is queued.

switchboard_core::phrases! {
    BAD_PICKUP_TIMEOUT = "phone_bridge.bad_pickup_timeout": "The option {option} must be a number of seconds, more than 0 and at most {max}: how long a message waits for the phone to ask for it.";
    NO_SECRET = "phone_bridge.no_secret": "No secret is stored for this account, so the phone cannot sign in to ask for messages: set the account's secret and put the same one in the automation app.";
    CHECK_NO_SECRET = "phone_bridge.check.no_secret": "Set a secret: the automation app signs its requests with it.";
    CHECK_NOTHING_TO_CALL = "phone_bridge.check.nothing_to_call": "The phone bridge has nothing to call: the phone asks Switchboard for work, so the phone and its secret are checked on the first send (when the automation app first asks for a message).";
    /// The account's phone token is too short to be safe from guessing.
    TOKEN_TOO_SHORT = "phone_bridge.token.too_short": "The phone token has {chars} characters; it must have at least {min}, or it could be guessed: make a long random one (for example with openssl rand -hex 24).";
    /// Long enough, but made of repetitions or runs (`passwordpassword…`, `abcdef…`).
    TOKEN_GUESSABLE = "phone_bridge.token.guessable": "The phone token is long but easy to guess (repeated words or runs of characters): make a random one (for example with openssl rand -hex 24).";
    BUSY = "phone_bridge.busy": "Another message is still waiting for the phone to take it; this one will follow.";
    NOT_PICKED_UP = "phone_bridge.not_picked_up": "The phone has not asked for messages for {seconds} s: is the automation app running and the phone online?";

    /// `{error}` is the phone's own text about what went wrong.
    RESULT_FAILED = "phone_bridge.result.failed": "The phone could not send the message: {error}";
    RESULT_NO_CHAT = "phone_bridge.result.no_chat": "WhatsApp on the phone did not open a chat with this number: it may not be on WhatsApp";
    RESULT_NO_REASON = "phone_bridge.result.no_reason": "The phone reported the message as not sent without saying why";
    /// The phone's own text beside a status that is not a failure.
    RESULT_NOTE = "phone_bridge.result.note": "The phone noted: {error}";

    TEXT_TOO_LONG = "phone_bridge.invalid.text_too_long": "The phone bridge pastes at most {max} characters into WhatsApp; this message has {chars}.";
    NO_FILES = "phone_bridge.invalid.no_files": "The phone bridge pastes text into WhatsApp; it cannot send files. Send a link to the file instead.";
    NO_TEMPLATES = "phone_bridge.invalid.no_templates": "The phone bridge sends from a personal WhatsApp, which has no templates: write the text out.";
}
