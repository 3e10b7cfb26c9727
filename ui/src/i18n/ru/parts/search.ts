// Русский для поиска, диалога, открытого на найденном сообщении, и сочетаний клавиш (входит в
// ../ui.ts). Каждый ключ ../../parts/search.ts должен быть здесь.
import type { Message } from '../../translate';
import type { searchEn } from '../../parts/search';

export const ruSearch = {
  // Поиск (components/SearchPalette.svelte)
  'palette.open': 'Искать в сообщениях',
  'palette.title': 'Поиск',
  'palette.label': 'Поиск по сообщениям, именам и телефонам',
  'palette.placeholder': 'Слово из сообщения, имя или номер телефона',
  'palette.hint': 'Введите хотя бы две буквы или три цифры.',
  'palette.searching': 'Ищем…',
  'palette.empty': 'По запросу «{query}» ничего не нашлось.',
  'palette.results': 'Результаты',
  'palette.conversation': 'Открыть диалог',
  'palette.found': {
    one: 'найдено {count} сообщение',
    few: 'найдено {count} сообщения',
    many: 'найдено {count} сообщений',
    other: 'найдено {count} сообщения',
  },
  'palette.close': 'Закрыть поиск',
  'palette.keys': 'выбор, открыть, закрыть',
  // Диалог, открытый на сообщении (components/ThreadView.svelte)
  'thread.loadingNewer': 'Загружаем более новые сообщения…',
  'thread.found': 'Найдено',
  // Сочетания клавиш (lib/shortcuts.ts, components/ShortcutsHelp.svelte)
  'shortcuts.title': 'Сочетания клавиш',
  'shortcuts.open': 'Сочетания клавиш',
  'shortcuts.search': 'Поиск по сообщениям, именам и телефонам',
  'shortcuts.next': 'Следующий диалог',
  'shortcuts.previous': 'Предыдущий диалог',
  'shortcuts.composer': 'Написать в открытом диалоге',
  'shortcuts.newConversation': 'Новый диалог',
  'shortcuts.send': 'Отправить (Enter тоже отправляет; Shift+Enter — новая строка)',
  'shortcuts.close': 'Закрыть поиск, окно или карточку контакта',
  'shortcuts.help': 'Показать эти сочетания',
  'shortcuts.or': 'или',
  'shortcuts.typing': 'Одиночные клавиши работают, когда курсор не в поле ввода.',
} satisfies Record<keyof typeof searchEn, Message>;
