// The part of vscode.Memento the application layer uses (the extension's global state: kept
// across restarts, never in a workspace), so that app/ stays testable in plain Node.
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * A list kept in a memento under one key: what the memento holds is checked item by item (it may
 * be from another version, or edited), and an item put again replaces the one it is `same` as.
 */
export class MementoList<T> {
  constructor(
    private readonly memento: Memento,
    private readonly key: string,
    private readonly isItem: (value: unknown) => value is T,
    private readonly same: (a: T, b: T) => boolean,
  ) {}

  all(): T[] {
    const stored = this.memento.get<unknown>(this.key);
    return Array.isArray(stored) ? stored.filter(this.isItem) : [];
  }

  async put(item: T): Promise<void> {
    await this.memento.update(this.key, [...this.without(item), item]);
  }

  async remove(item: T): Promise<void> {
    await this.memento.update(this.key, this.without(item));
  }

  private without(item: T): T[] {
    return this.all().filter((kept) => !this.same(kept, item));
  }
}
