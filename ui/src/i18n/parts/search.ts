// English for the search palette, a thread opened at a message and the keyboard shortcuts (joined
// into ../en.ts). Russian: ../ru/parts/search.ts.
export const searchEn = {
  // The search palette (components/SearchPalette.svelte)
  'palette.open': 'Search messages',
  'palette.title': 'Search',
  'palette.label': 'Search messages, names and phone numbers',
  'palette.placeholder': 'A word from a message, a name or a phone number',
  'palette.hint': 'Type at least two letters or three digits.',
  'palette.searching': 'Searching…',
  'palette.empty': 'Nothing found for “{query}”.',
  'palette.results': 'Results',
  'palette.conversation': 'Open the conversation',
  'palette.found': { one: '{count} message found', other: '{count} messages found' },
  'palette.close': 'Close the search',
  'palette.keys': 'move, open, close',
  // A thread opened at a message (components/ThreadView.svelte)
  'thread.loadingNewer': 'Loading newer messages…',
  'thread.found': 'Found',
  // Keyboard shortcuts (lib/shortcuts.ts, components/ShortcutsHelp.svelte)
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.open': 'Keyboard shortcuts',
  'shortcuts.search': 'Search messages, names and phone numbers',
  'shortcuts.next': 'Next conversation',
  'shortcuts.previous': 'Previous conversation',
  'shortcuts.composer': 'Write in the open conversation',
  'shortcuts.newConversation': 'New conversation',
  'shortcuts.send': 'Send (Enter alone sends too; Shift+Enter starts a new line)',
  'shortcuts.close': 'Close the search, a dialog or the contact card',
  'shortcuts.help': 'Show these shortcuts',
  'shortcuts.or': 'or',
  'shortcuts.typing': 'Single keys work when you are not typing in a field.',
} as const;
