import type { Highs, Model } from 'highs';

/** HiGHS whose models report, as they run, the value of one option. */
export function watchOption(highs: Highs, name: string): { highs: Highs; seen: unknown[] } {
  const seen: unknown[] = [];
  const bind = (target: object, key: string | symbol) => {
    const value: unknown = Reflect.get(target, key);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  const watched = new Proxy(highs, {
    get: (target, key) =>
      key === 'createModel'
        ? (...args: Parameters<Highs['createModel']>) =>
            new Proxy(target.createModel(...args), {
              get: (model: Model, member) =>
                member === 'run'
                  ? () => {
                      seen.push(model.options.get(name));
                      return model.run();
                    }
                  : bind(model, member),
            })
        : bind(target, key),
  });
  return { highs: watched, seen };
}
