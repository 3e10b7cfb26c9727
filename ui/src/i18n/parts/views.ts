// English for the inbox list's views, counts, search, bulk actions and "New conversation"
// (joined into ../en.ts). Russian: ../ru/parts/views.ts.
export const viewsEn = {
  // The views (lib/views.ts)
  'views.label': 'Views',
  'views.mine': 'Mine',
  'views.unassigned': 'Unassigned',
  'views.all': 'All',
  'views.allMine': 'Mine and unassigned',
  'views.more': 'More views',
  'views.less': 'Fewer views',
  'views.section.operators': 'By operator',
  'views.section.status': 'By status',
  'views.section.tags': 'By tag',
  'views.section.accounts': 'By account',
  'views.operator.unknown': 'Operator #{id}',
  'views.tag.unknown': 'Tag #{id}',
  'views.account.unknown': 'Account #{id}',
  'views.count.open': { one: '{count} open conversation', other: '{count} open conversations' },
  'views.count.status': { one: '{count} conversation', other: '{count} conversations' },
  'views.countsStale': 'The counts could not be refreshed: they may be out of date.',
  'views.empty': 'No conversations in this view.',
  'views.emptySearch': 'Nothing found for “{query}”.',

  // The search box
  'search.label': 'Search conversations',
  'search.placeholder': 'Search names, phones, messages',
  'search.clear': 'Clear the search',

  // The operator's own switch
  'accepting.label': 'Taking new chats',
  'accepting.onTitle': 'New conversations may be given to you. Untick to stop taking them.',
  'accepting.offTitle': 'Automatic assignment skips you until you tick this.',

  // Several conversations at once (supervisors)
  'bulk.select': 'Select',
  'bulk.selectTitle': 'Choose several conversations to assign, tag or change at once',
  'bulk.done': 'Done',
  'bulk.selected': { one: '{count} selected', other: '{count} selected' },
  'bulk.selectAll': 'All shown',
  'bulk.assign': 'Assign to…',
  'bulk.nobody': 'Nobody',
  'bulk.tag': 'Add tag…',
  'bulk.untag': 'Remove tag…',
  'bulk.status': 'Set status…',
  'bulk.busy': 'Applying…',
  'bulk.hint': 'Tick the conversations to act on.',
  'bulk.tooMany': 'At most {max} conversations at once: untick some first.',
  'bulk.updated': { one: '{count} conversation changed.', other: '{count} conversations changed.' },
  'bulk.failed': { one: '{count} could not be changed:', other: '{count} could not be changed:' },
  'bulk.failure': '{name}: {reason}',

  // Starting a conversation
  'start.open': 'New',
  'start.openTitle': 'Write first to a customer',
  'start.title': 'New conversation',
  'start.phone': 'Phone',
  'start.phonePlaceholder': '+7 903 123-45-67',
  'start.phoneHint': 'In any common form: +7 903 123-45-67, 8 903 123 45 67, 0049 30 …',
  'start.phoneWill': 'Will be sent to {phone}',
  'start.phoneCharacters': 'Only digits, spaces, brackets, dots and dashes, with an optional + at the start.',
  'start.phoneLength': 'An international number has 8 to 15 digits, starting with the country code.',
  'start.account': 'From account',
  'start.chooseAccount': 'Choose an account',
  'start.fromAccount': 'From “{name}”',
  'start.noAccounts': 'There is no gateway account to write from yet.',
  'start.text': 'Message',
  'start.send': 'Send',
  'start.sending': 'Sending…',
  'start.cancel': 'Cancel',
  // A supervisor told that an assignee has not answered in the team's time (the `overdue` event)
  'overdue.assigned': {
    by: 'minutes',
    one: 'A customer has waited {minutes} minute for {name} to answer.',
    other: 'A customer has waited {minutes} minutes for {name} to answer.',
  },
  'overdue.unassigned': {
    by: 'minutes',
    one: 'A customer has waited {minutes} minute for an answer.',
    other: 'A customer has waited {minutes} minutes for an answer.',
  },
} as const;
