// Typed reads of the (already HTML-escaped) request variables, with PHP's coercions.
import { phpInt, phpTruthy } from './phpCast';
import { PhpArray, type PhpValue } from './phpRequest';

export class Params {
  constructor(private readonly data: PhpArray) {}

  has(name: string): boolean {
    return this.data.has(name);
  }

  /** Every variable in request order (for pages that print them). */
  entries(): IterableIterator<[string, PhpValue]> {
    return this.data.entries();
  }

  raw(name: string): PhpValue | undefined {
    return this.data.get(name);
  }

  /** The string value; an array where a string is expected reads as "Array", as PHP converts it. */
  string(name: string): string | undefined {
    const value = this.data.get(name);
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : 'Array';
  }

  /** PHP (int): missing is 0, an array is 1 when non-empty. */
  int(name: string): number {
    const value = this.data.get(name);
    if (value === undefined) return 0;
    if (value instanceof PhpArray) return value.size > 0 ? 1 : 0;
    return phpInt(value);
  }

  /** PHP truthiness: missing, "" and "0" are false. */
  truthy(name: string): boolean {
    const value = this.data.get(name);
    if (value instanceof PhpArray) return value.size > 0;
    return phpTruthy(value);
  }

  /**
   * A list parameter: a PHP array (`k[0]=a&k[1]=b`, values in order) or a space-separated string.
   * Empty items are dropped. Undefined when the parameter is absent.
   */
  list(name: string): string[] | undefined {
    const value = this.data.get(name);
    if (value === undefined) return undefined;
    const items =
      typeof value === 'string'
        ? value.split(' ')
        : [...value.values()].map((item) => (typeof item === 'string' ? item : 'Array'));
    return items.filter((item) => item !== '');
  }
}
