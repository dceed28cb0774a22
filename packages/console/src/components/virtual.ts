// A Preact hook over @tanstack/virtual-core: only the rows in view (and a few around) are in the DOM, so the
// 25,000 events of a history or 10,000 iterations of a Map scroll as smoothly as ten.

import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualRows {
  scrollRef: (element: HTMLElement | null) => void;
  items: VirtualItem[];
  totalSize: number;
  /** Pass rows whose height varies (expanded details) here, with `data-index` set. */
  measure: (element: Element | null) => void;
  scrollToIndex: (index: number) => void;
}

export function useVirtualRows(count: number, rowHeight: number, getKey?: (index: number) => number | string) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const element = useRef<HTMLElement | null>(null);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLElement, Element>({
        count,
        getScrollElement: () => element.current,
        estimateSize: () => rowHeight,
        overscan: 10,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => {
          rerender(0);
        },
      }),
  );
  virtualizer.setOptions({
    ...virtualizer.options,
    count,
    ...(getKey === undefined ? {} : { getItemKey: getKey }),
  });
  useEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  const rows: VirtualRows = {
    scrollRef: (el) => {
      element.current = el;
    },
    items: virtualizer.getVirtualItems(),
    totalSize: virtualizer.getTotalSize(),
    measure: (el) => {
      if (el !== null) virtualizer.measureElement(el);
    },
    scrollToIndex: (index) => {
      virtualizer.scrollToIndex(index, { align: 'center' });
    },
  };
  return rows;
}
