/** How many folders a tree walk lists ahead of the one it is at. */
export const FOLDERS_AHEAD = 4;

/**
 * Folder listings started ahead of their turn: a walk takes each folder's
 * listing in its own order (so what it counts, keeps and reports is the
 * same), while the file system already lists the next folders it will
 * take. Listing a folder the walk then never takes (it stops at a cap)
 * only costs that folder's requests.
 */
export class ListingAhead<T> {
  private readonly started = new Map<string, Promise<T>>();

  constructor(
    private readonly list: (folder: string) => Promise<T>,
    private readonly ahead = FOLDERS_AHEAD,
  ) {}

  /** The listing of `folder`; the first of `next` (the folders the walk takes after it) are started meanwhile. */
  take(folder: string, next: readonly string[]): Promise<T> {
    const listing = this.start(folder);
    this.started.delete(folder);
    for (const later of next.slice(0, this.ahead)) this.start(later);
    return listing;
  }

  private start(folder: string): Promise<T> {
    let listing = this.started.get(folder);
    if (!listing) {
      listing = this.list(folder);
      // A listing started ahead may never be taken: its failure is not unhandled.
      listing.catch(() => undefined);
      this.started.set(folder, listing);
    }
    return listing;
  }
}
