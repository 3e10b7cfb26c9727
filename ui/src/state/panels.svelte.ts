// What is open over the inbox and the screens: the search palette, the shortcuts overlay and
// the new-conversation dialog, so a shortcut can open or close them wherever the focus is.
class Panels {
  search = $state(false);
  help = $state(false);
  newConversation = $state(false);
}

export const panels = new Panels();
