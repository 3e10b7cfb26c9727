// The UI's English: the source of truth for which strings exist and which placeholders each
// takes. Every other language is typed against it (see `Dict`), so a missing key is a type
// error. Sentences from the core and gateways are not here: they arrive as Phrases
// (./phrases.ts).
import type { ArgsOf, Message } from './translate';

export const en = {
  // The shell
  'app.blocked.noToken': 'Open the link `switchboard serve` printed: it carries the API token this page needs.',
  'app.blocked.refused': 'The API token was refused. Open the link `switchboard serve` printed (it carries the token).',
  'app.settings': 'Settings',
  'app.inbox': 'Inbox',
  'app.loadingConversations': 'Loading conversations…',
  'app.chooseConversation': 'Choose a conversation on the left.',
  'app.loading': 'Loading…',
  'app.dismiss': 'Dismiss',
  'app.close': 'Close',
  'app.notFound': 'There is no such page.',
  'app.sandbox.label': 'Sandbox:',
  'app.sandbox.note':
    '“{name}” is a simulated gateway on this computer — its customer answers, and nothing you send leaves your machine.',
  // The built-in operator, the person at this screen while there are no teams (lib/names.ts)
  'operator.you': 'You',
  'app.accountAdded': 'Added “{name}”. Give the gateway its webhook addresses (Settings → Public address).',

  // Failures the UI itself notices (the server's come as Phrases)
  'error.unreachable': 'Cannot reach Switchboard. Is it still running?',
  'error.notJson': 'Switchboard answered {status} with something that is not JSON.',
  'error.http': 'Switchboard answered HTTP {status}.',
  'error.unexpected': 'Something went wrong: {detail}',
  'error.notConnected': 'Not connected to Switchboard yet.',

  // The conversation list
  'inbox.you': 'You: ',
  'inbox.unread': { one: '{count} unread message', other: '{count} unread messages' },
  'inbox.empty': 'No conversations yet.',
  'inbox.preview.file': 'File: {name}',
  'inbox.preview.template': 'Template “{id}”',
  'inbox.loadMore': 'Load more',
  'inbox.sync.failed': '{account}: sync failed — {error} Retrying.',
  'inbox.sync.progress': '{account}: {phase} ({done} of {total})',
  'inbox.sync.progressOpen': '{account}: {phase} ({done})',

  // The thread
  'thread.loadingOlder': 'Loading older messages…',
  'thread.start': 'Start of the conversation',
  'thread.template': 'Template “{id}”',

  // A message's delivery mark and what can be done about it
  'tick.queued': 'Queued',
  'tick.sent': 'Sent',
  'tick.delivered': 'Delivered',
  'tick.seen': 'Seen',
  'tick.notSent': 'Not sent',
  'tick.notDelivered': 'Not delivered',
  'tick.rejected': 'Rejected',
  'tick.discarded': 'Discarded',
  'tick.unconfirmed': 'Not confirmed: it may or may not have been sent',
  'tick.unconfirmedReason': 'The app stopped while sending, and the gateway never confirmed it.',
  'tick.noReason': 'The gateway gave no reason.',
  'tick.discardedReason': 'Discarded: it will not be sent.',
  'tick.nextAttempt': 'Next attempt {when}.',
  'tick.retrying': 'Trying again shortly.',
  'message.retry': 'Retry',
  'message.retrying': 'Retrying…',
  'message.discard': 'Discard',
  'message.cancel': 'Cancel',
  'message.sendNow': 'Send now',
  'message.working': 'One moment…',

  // The composer
  'composer.placeholder': 'Write a message — Enter sends, Shift+Enter for a new line',
  'composer.captionPlaceholder': 'Add a caption (optional) — Enter sends',
  'composer.label': 'Message',
  'composer.send': 'Send',
  'composer.attach': 'Attach a file',
  'composer.attachTitle': 'Attach a file (or drop one here)',
  'composer.removeFile': 'Remove the file',
  'composer.noAccount': 'This conversation’s account no longer exists.',
  'composer.noText': 'This account’s gateway cannot send text messages.',
  'composer.sending': 'Sending…',
  'composer.empty': 'Type a message to send.',
  'composer.over': {
    one: '{count} character over the gateway’s limit of {limit}.',
    other: '{count} characters over the gateway’s limit of {limit}.',
  },
  'composer.window': 'The customer has not written in the last 24 hours: this gateway allows only a template now.',

  // Files
  'media.empty': '{name} is empty.',
  'media.wrongType': '{name} ({type}) is not a kind of file this gateway takes.',
  'media.tooBig': '{name} is {size}; this gateway takes {type} files up to {max}.',
  'media.downloading': 'Downloading…',
  'media.downloadFailed': 'The file could not be downloaded.',
  'media.cannotShow': 'The picture cannot be shown.',
  'media.notHere': 'The file is not here any more.',
  'media.save': 'Save',
  'media.saveNamed': 'Save {name}',
  'media.opening': 'Opening…',
  'media.file': 'file',

  // Adding a gateway account
  'account.title': 'Add a gateway account',
  'account.hint': 'Switchboard talks to customers through the WhatsApp gateway your company already uses.',
  'account.gateway': 'Gateway',
  'account.name': 'Name',
  'account.namePlaceholder': 'e.g. Shop',
  'account.sender': 'Sender',
  'account.senderPlaceholder': 'Sender name or number',
  'account.baseUrl': 'API address',
  'account.baseUrlPlaceholder': 'https://… (from your contract)',
  'account.secret': 'API key',
  'account.optional': 'optional',
  'account.keychain': 'Kept in the system keychain — never in the database or logs.',
  'account.needName': 'Give the account a name (shown on its conversations).',
  'account.needField': 'Fill in “{field}”.',
  'account.needBaseUrl': 'Enter the API address from your contract with the gateway.',
  'account.badBaseUrl': 'The API address must start with http:// or https://.',
  'account.test': 'Test connection',
  'account.testing': 'Testing…',
  'account.add': 'Add account',
  'account.adding': 'Adding…',
  'account.cancel': 'Cancel',
  // The built-in simulated account's name (lib/names.ts); the gateway is a brand: Devino
  'account.sandboxName': 'Sandbox (simulated {gateway})',

  // Where gateways reach the app
  'address.title': 'Public address',
  'address.hint': 'Where gateways send delivery statuses and incoming messages.',
  'address.address': 'Address',
  'address.tunnel': 'Tunnel',
  'address.lastWebhook': 'Last webhook',
  'address.noneYet': 'none yet',
  'address.how': 'How gateways reach this app',
  'address.mode.local': 'This computer only',
  'address.mode.localHint': '(the sandbox, or a gateway on your network)',
  'address.mode.url': 'My own public address',
  'address.mode.urlHint': '(reverse proxy, cloudflared, ngrok)',
  'address.mode.tunnel': 'Built-in tunnel through a bore server',
  'address.url': 'Public address',
  'address.urlHint': 'It must forward to this app’s local address.',
  'address.server': 'Bore server',
  'address.port': 'Public port',
  'address.portAny': 'any',
  'address.secret': 'Secret',
  'address.secretSaved': 'saved — type to replace',
  'address.secretNone': 'the server’s --secret, if it has one',
  'address.secretRemove': 'Remove the saved secret',
  'address.optional': 'optional',
  'address.save': 'Save',
  'address.saving': 'Saving…',
  'address.callbacks': 'Callback addresses',
  'address.accountLastWebhook': 'last webhook: {when}',
  'address.noCallbacks': 'No callbacks: this gateway is polled, or no address is known yet.',
  'address.noAccounts': 'No accounts yet.',
  'address.copy': 'Copy',
  'address.copied': 'Copied',
  'address.noClipboard': 'The clipboard is not available here: select the address and copy it.',
  'address.hook.status': 'statuses',
  'address.hook.incoming': 'incoming',
  'address.needUrl': 'Enter the public address, e.g. https://inbox.example.com.',
  'address.needServer': 'Enter the bore server’s host name, e.g. bore.example.com.',
  'address.badPort': 'The public port is a number from 1 to 65535 (or empty: any port).',
  'address.summary.warning': 'Public address: gateways cannot reach this app — fix',
  'address.summary.cleartext': 'Public address: callbacks go over plain HTTP — fix',
  'address.summary.tunnel': 'Public address: tunnel up · {where}',
  'address.summary.local': 'Public address: this computer',
  'address.summary.other': 'Public address: {where}',
  'address.tunnel.notRunning': 'Not running: the tunnel runs while Switchboard runs.',
  'address.tunnel.connecting': 'Connecting…',
  'address.tunnel.up': 'Up since {time}',
  'address.tunnel.down': 'Down: {reason} Retrying {when}.',
  'address.tunnel.downNow': 'Down: {reason} Retrying now.',
  'address.warning.cleartextNext': 'Once HTTPS is in place, give each account new webhook addresses (below).',
  // Replacing an account's callback URLs (rotate_webhook_token); the core keeps the old ones 24 hours
  'address.rotate': 'New webhook addresses',
  'address.rotate.title': 'New webhook addresses for “{account}”?',
  'address.rotate.explain':
    'Do this when the current addresses may have been seen by someone else. The gateway must then be given the new addresses: the old ones keep working for 24 hours, then are refused.',
  'address.rotate.stillCleartext':
    'Callbacks still go over plain HTTP, so the new addresses can be read on the way too: set up HTTPS first.',
  'address.rotate.confirm': 'Get new addresses',
  'address.rotate.busy': 'Getting new addresses…',
  'address.rotate.cancel': 'Cancel',
  'address.rotate.done': 'New addresses are ready: give them to the gateway. The old ones keep working until {until}, then are refused.',

  // Settings
  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.language.system': 'As in the system ({language})',
  'settings.language.hint': 'Dates, times and numbers follow the language too.',
  'settings.accounts': 'Gateway accounts',
  'settings.accounts.none': 'No gateway accounts yet: the sandbox runs instead.',
  'settings.address.open': 'Set up the public address',
  'settings.signedIn': 'Working as {name}',
  'settings.solo': 'No other operators yet: you work on your own.',
} as const satisfies Record<string, Message>;

export type UiKey = keyof typeof en;

/** The arguments `t(key, …)` takes for `key`: none, or an object of its placeholders. */
export type UiArgs<K extends UiKey> = ArgsOf<(typeof en)[K]>;

/** Keys whose text takes no arguments. */
export type PlainKey = { [K in UiKey]: UiArgs<K> extends [] ? K : never }[UiKey];

/** Another language's UI strings: every key of English, no more (a missing one fails tsc). */
export type Dict = { readonly [K in UiKey]: Message };

/** What a language's name is in that language (shown as is in the switch). */
export const LANGUAGE_NAMES = { en: 'English', ru: 'Русский' } as const;
