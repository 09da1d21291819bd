/**
 * Pan and zoom of the graph's stage: one CSS transform. Sizes are read from the canvas only,
 * and only after the graph is built (a frame callback, a resize callback, a click, a key),
 * so building never forces a layout between writes. The graph hears when the first view is
 * placed (to build the boxes it shows) and before the view first moves (to build the rest).
 */
import { NODE_H, NODE_W, type Layout } from './layout';

/** A rectangle of the stage, in layout coordinates. */
export interface StageRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface ViewportHooks {
  /** The first view is placed: the part of the stage it shows. */
  placed?(shown: StageRect): void;
  /** The view is about to move away from where it was placed (zoom, fit, reveal, drag). */
  moving?(): void;
}

const PAD = 24;
const MIN_SCALE = 0.02;
const MAX_SCALE = 2;
/** Below this the text is unreadable: the first view starts here and shows the root. */
const FIRST_VIEW_MIN_SCALE = 0.5;

export class Viewport {
  scale = 1;
  private tx = 0;
  private ty = 0;
  private placed = false;
  private dragEndedAt = -Infinity;

  constructor(
    private readonly canvas: HTMLElement,
    private readonly stage: HTMLElement,
    private readonly zoomLabel: HTMLElement,
    private readonly layout: () => Layout,
    private readonly hooks: ViewportHooks = {},
  ) {}

  /** The first view, once the canvas has a size (it may start in a hidden tab). */
  place(): void {
    const { width: cw, height: ch } = this.canvas.getBoundingClientRect();
    if (cw <= 0 || ch <= 0 || this.placed) return;
    this.placed = true;
    const fit = this.fitScale(cw, ch);
    if (fit >= FIRST_VIEW_MIN_SCALE) this.fitTo(cw, ch);
    else {
      // Too big to read when fitted: start readable, with the root at the top centre.
      this.scale = Math.min(1, Math.max(FIRST_VIEW_MIN_SCALE, fit));
      this.tx = cw / 2 - (this.layout().x[0] + NODE_W / 2) * this.scale;
      this.ty = PAD;
      this.apply();
    }
    this.hooks.placed?.(this.shown(cw, ch));
  }

  /** The part of the stage a canvas of this size shows with the current transform. */
  shown(cw: number, ch: number): StageRect {
    return { x0: -this.tx / this.scale, y0: -this.ty / this.scale, x1: (cw - this.tx) / this.scale, y1: (ch - this.ty) / this.scale };
  }

  private fitScale(cw: number, ch: number): number {
    const { width, height } = this.layout();
    return Math.min(1, (cw - 2 * PAD) / Math.max(1, width), (ch - 2 * PAD) / Math.max(1, height));
  }

  fit(): void {
    this.hooks.moving?.();
    const { width: cw, height: ch } = this.canvas.getBoundingClientRect();
    if (cw > 0 && ch > 0) this.fitTo(cw, ch);
  }

  private fitTo(cw: number, ch: number): void {
    const { width, height } = this.layout();
    this.scale = Math.max(MIN_SCALE, this.fitScale(cw, ch));
    this.tx = (cw - width * this.scale) / 2;
    this.ty = Math.max(PAD, (ch - height * this.scale) / 2);
    this.apply();
  }

  /** Zoom by `factor` around a point of the canvas (its centre by default). */
  zoom(factor: number, px?: number, py?: number): void {
    this.hooks.moving?.();
    const rect = this.canvas.getBoundingClientRect();
    const cx = px ?? rect.width / 2;
    const cy = py ?? rect.height / 2;
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    this.tx = cx - ((cx - this.tx) / this.scale) * next;
    this.ty = cy - ((cy - this.ty) / this.scale) * next;
    this.scale = next;
    this.apply();
  }

  /** Pans (never zooms) so the node is inside the canvas. */
  reveal(id: number): void {
    this.hooks.moving?.();
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width <= 0) return;
    const layout = this.layout();
    const x = layout.x[id] * this.scale + this.tx;
    const y = layout.y[id] * this.scale + this.ty;
    const w = NODE_W * this.scale;
    const hgt = NODE_H * this.scale;
    if (x >= 0 && y >= 0 && x + w <= rect.width && y + hgt <= rect.height) return;
    this.tx += rect.width / 2 - (x + w / 2);
    this.ty += rect.height / 2 - (y + hgt / 2);
    this.apply();
  }

  /** A click right after a drag ends is the drag's, not a click on the node it ended on. */
  get justDragged(): boolean {
    return performance.now() - this.dragEndedAt < 100;
  }

  private apply(): void {
    this.stage.style.transform = `translate(${this.tx.toFixed(1)}px, ${this.ty.toFixed(1)}px) scale(${this.scale.toFixed(4)})`;
    this.zoomLabel.textContent = `${Math.round(this.scale * 100)}%`;
  }

  /** Ctrl/Cmd + wheel zooms at the pointer, a drag pans; the first size places the view. */
  wire(): void {
    const canvas = this.canvas;
    canvas.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey && !e.metaKey) return; // plain wheel scrolls the page
        e.preventDefault();
        const r = canvas.getBoundingClientRect();
        this.zoom(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
      },
      { passive: false },
    );
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
    canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || (e.target as Element).closest('.node-toggle')) return;
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) {
        this.hooks.moving?.();
        drag.moved = true;
        canvas.setPointerCapture(e.pointerId);
        canvas.classList.add('panning');
      }
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this.apply();
    });
    const end = (e: PointerEvent) => {
      if (drag?.moved) {
        this.dragEndedAt = performance.now();
        if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
      }
      drag = undefined;
      canvas.classList.remove('panning');
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    // Placed before the first frame is laid out, so the nodes it shows are the ones that frame
    // lays out and paints (offscreen ones skip that: `content-visibility`); the observer
    // places a canvas that had no size then (a hidden tab).
    requestAnimationFrame(() => this.place());
    new ResizeObserver(() => this.place()).observe(canvas);
  }
}
