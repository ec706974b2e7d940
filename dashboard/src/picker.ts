import { api, query } from './api';
import { h, replace } from './dom';

interface Entry {
  id: string;
  label: string | null;
  comments: number;
}

let pickers = 0;

/**
 * Picks an author or a thread by typing part of their name or id (GET /v1/review/lookup suggests);
 * once picked it shows as a chip with the name, and a button to drop it. An exact id typed and
 * confirmed with Enter is taken as it is.
 */
export function createPicker(options: {
  kind: 'author' | 'thread';
  label: string;
  onPick(id: string): void;
  siteId(): string | undefined;
}) {
  const listId = `picker-${options.kind}-${++pickers}`;
  const input = h('input', {
    type: 'search',
    list: listId,
    placeholder: `${options.label} name or id`,
    'aria-label': `${options.label}: type a name or id`,
  });
  const list = h('datalist', { id: listId });
  let entries: Entry[] = [];
  let timer: number | undefined;
  let picked: { id: string; name: string | null } | null = null;
  const chip = h('span', { class: 'chip', hidden: true });
  const textOf = (entry: Entry) => `${entry.label ?? entry.id} (${entry.id}) · ${entry.comments}`;

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = input.value.trim();
    const match = entries.find((entry) => textOf(entry) === input.value);
    if (match) return choose(match.id, match.label);
    if (q.length < 3) return;
    timer = window.setTimeout(async () => {
      const page = await api<{ items: Entry[] }>(
        'GET',
        `/v1/review/lookup${query({ kind: options.kind, q, siteId: options.siteId() })}`,
      ).catch(() => ({ items: [] }));
      entries = page.items;
      replace(
        list,
        entries.map((entry) => h('option', { value: textOf(entry) })),
      );
    }, 250);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const typed = input.value.trim();
    const match = entries.find((entry) => textOf(entry) === typed || entry.id === typed);
    if (match) choose(match.id, match.label);
    else if (typed) choose(typed, null);
  });
  const choose = (id: string, name: string | null) => {
    picked = { id, name };
    input.value = '';
    options.onPick(id);
  };
  const drawChip = () => {
    chip.hidden = picked === null;
    input.hidden = picked !== null;
    if (!picked) return replace(chip);
    const shown = picked.name ?? picked.id;
    replace(
      chip,
      `${options.label}: `,
      h('strong', null, shown),
      h(
        'button',
        {
          type: 'button',
          class: 'ghost small',
          'aria-label': `Remove the ${options.kind} filter (${shown})`,
          onclick: () => {
            picked = null;
            options.onPick('');
          },
        },
        '×',
      ),
    );
  };

  return {
    element: h('span', { class: 'picker' }, input, list, chip),
    /** Shows the current filter (from the URL): its id, with the name once known. */
    show(id: string | undefined) {
      picked = id ? { id, name: picked?.id === id ? picked.name : null } : null;
      drawChip();
    },
    /** The name of the picked id, learnt from the items shown. */
    name(name: string) {
      if (picked && !picked.name) {
        picked.name = name;
        drawChip();
      }
    },
  };
}
