// Lays out a graph model whenever it changes; a result that arrives after a newer request is dropped.

import { useEffect, useRef, useState } from 'preact/hooks';
import { layoutGraph, type GraphLayout } from './layout.ts';
import type { GraphModel } from './model.ts';

export function useLayout(model: GraphModel | undefined): { layout: GraphLayout | undefined; pending: boolean } {
  const [layout, setLayout] = useState<GraphLayout>();
  const [pending, setPending] = useState(false);
  const latest = useRef(0);
  useEffect(() => {
    if (model === undefined) return;
    const request = ++latest.current;
    setPending(true);
    layoutGraph(model)
      .then((result) => {
        if (request !== latest.current) return;
        setLayout(result);
        setPending(false);
      })
      .catch(() => {
        if (request === latest.current) setPending(false);
      });
  }, [model]);
  return { layout, pending };
}
