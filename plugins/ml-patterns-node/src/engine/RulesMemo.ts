/** The `Map` or `WeakMap` a {@link RulesMemo} keeps one rule set's values in. */
interface KeyedValues<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * Values worked out once per rule set and a second key (a role, the engine
 * options): the processor evaluates thousands of entities with the same
 * pair. A rule set's values live as long as its array.
 */
export class RulesMemo<K, V> {
  private readonly byRules = new WeakMap<object, KeyedValues<K, V>>();

  /** `newValues`: a `Map`, or a `WeakMap` for object keys. */
  constructor(private readonly newValues: () => KeyedValues<K, V>) {}

  get(rules: object, key: K, compute: () => V): V {
    let values = this.byRules.get(rules);
    if (!values) {
      values = this.newValues();
      this.byRules.set(rules, values);
    }
    let value = values.get(key);
    if (value === undefined) {
      value = compute();
      values.set(key, value);
    }
    return value;
  }
}
