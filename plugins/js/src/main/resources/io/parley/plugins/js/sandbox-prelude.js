// Runs first in every fresh script context (JsSandbox): hardens the realm, then returns the helpers
// the host uses. Nothing here is reachable from user scripts: the helpers object goes to Java only.
(function () {
    'use strict';
    const global = globalThis;
    const freeze = Object.freeze;
    const protoOf = Object.getPrototypeOf;

    // No shared memory or threads' primitives, no GC-observable objects, no binary buffers (one
    // `new Float64Array(2 ** 27)` is a single 1 GB allocation), no code from strings (js.allow-eval
    // already refuses it; the names go too). SandboxPolicy.CONSTRAINED refuses the js.* options that
    // would switch these off, so they are deleted here.
    // The host bridges are absent without host class lookup and polyglot access; deleted anyway so a
    // configuration slip cannot bring them back.
    for (const name of ['SharedArrayBuffer', 'Atomics', 'Java', 'Packages', 'java', 'javax', 'javafx', 'com', 'org',
        'edu', 'Polyglot', 'Graal', 'WeakRef', 'FinalizationRegistry', 'ArrayBuffer', 'DataView',
        'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
        'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'eval', 'arguments']) {
        delete global[name];
    }

    // Results must be reproducible (history is re-scored): no clock, no randomness.
    const clockRefused = (what) => () => {
        throw new TypeError(what + ' reads the clock and is not available to scripts; use new Date(turn.atMillis)');
    };
    const OriginalDate = Date;
    const DateConstructor = function Date(...args) {
        if (new.target === undefined) clockRefused('Date()')();
        if (args.length === 0) clockRefused('new Date()')();
        return Reflect.construct(OriginalDate, args, new.target);
    };
    DateConstructor.prototype = OriginalDate.prototype;
    DateConstructor.parse = OriginalDate.parse;
    DateConstructor.UTC = OriginalDate.UTC;
    DateConstructor.now = clockRefused('Date.now()');
    Object.defineProperty(OriginalDate.prototype, 'constructor', {value: DateConstructor});
    global.Date = DateConstructor;
    Math.random = () => {
        throw new TypeError('Math.random() is not available to scripts: results must be reproducible');
    };

    // Builtins that loop or allocate in Java without polling for interrupts: a call on a huge (even
    // sparse) array or array-like, or with a huge count, could run for seconds past the time budget
    // (Array.prototype.indexOf.call({length: 1e9}) even past close(true)) or allocate a gigabyte at
    // once. Their input size is checked first.
    const MAX_LENGTH = 1 << 24;
    const checkedSize = (key, size) => {
        if (size > MAX_LENGTH) {
            throw new RangeError(String(key) + ' on ' + size + ' elements exceeds the script limit of ' + MAX_LENGTH);
        }
    };
    const checked = (owner, key, sizeOf) => {
        const original = owner[key];
        const wrapper = {
            [key](...args) {
                checkedSize(key, sizeOf(this, args[0]));
                return Reflect.apply(original, this, args);
            }
        }[key];
        Object.defineProperty(wrapper, 'length', {value: original.length});
        Object.defineProperty(owner, key, {value: wrapper, writable: true, enumerable: false, configurable: true});
    };
    const lengthOf = (value) => (value === null || value === undefined) ? 0 : Number(value.length) || 0;
    // Constant-time methods (and iterator factories, whose iteration is script code) stay unwrapped.
    const constantTime = new Set(['constructor', 'push', 'pop', 'at', 'keys', 'values', 'entries', Symbol.iterator]);
    for (const key of Reflect.ownKeys(Array.prototype)) {
        if (typeof Array.prototype[key] === 'function' && !constantTime.has(key)) {
            checked(Array.prototype, key, lengthOf);
        }
    }
    checked(Array, 'from', (self, items) => lengthOf(items));
    checked(String.prototype, 'repeat', (self, times) => String(self).length * (Number(times) || 0));
    checked(String.prototype, 'padStart', (self, length) => Number(length) || 0);
    checked(String.prototype, 'padEnd', (self, length) => Number(length) || 0);

    // Freeze the shared intrinsics so a script cannot change what later calls see
    // (Object.prototype.x = ..., Array.prototype.map = ...). Nested namespaces (Intl.Collator, ...)
    // stay mutable; a fresh context per dialogue keeps any change to that one script and dialogue.
    for (const key of Reflect.ownKeys(global)) {
        const value = global[key];
        if ((typeof value === 'object' || typeof value === 'function') && value !== null && value !== global) {
            freeze(value);
            if (typeof value === 'function' && value.prototype) freeze(value.prototype);
        }
    }
    const generator = function* () {};
    const asyncGenerator = async function* () {};
    const arrayIterator = protoOf([][Symbol.iterator]());
    [protoOf(generator), protoOf(generator).prototype, protoOf(protoOf(generator).prototype),
        protoOf(asyncGenerator), protoOf(asyncGenerator).prototype, protoOf(protoOf(asyncGenerator).prototype),
        protoOf(async function () {}), arrayIterator, protoOf(arrayIterator),
        protoOf(new Map().entries()), protoOf(new Set().values()), protoOf(''[Symbol.iterator]()),
        protoOf(''.matchAll(/x/g)), global].forEach(freeze);

    const deepFreeze = (value) => {
        if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
            freeze(value);
            for (const key of Object.keys(value)) deepFreeze(value[key]);
        }
        return value;
    };

    // Plain JSON only: a function, symbol, bigint, non-finite number, accessor, class instance or
    // cycle is refused with the path to it, rather than silently dropped as JSON.stringify would.
    const jsonOf = (value, path, enclosing) => {
        switch (typeof value) {
            case 'string':
            case 'boolean':
                return JSON.stringify(value);
            case 'number':
                if (!Number.isFinite(value)) throw new TypeError(path + ' is ' + value + ', which JSON cannot hold');
                return JSON.stringify(value);
            case 'object':
                break;
            case 'undefined':
                throw new TypeError(path + ' is undefined; only plain JSON values can be returned');
            default:
                throw new TypeError(path + ' is a ' + typeof value + '; only plain JSON values can be returned');
        }
        if (value === null) return 'null';
        if (enclosing.includes(value)) throw new TypeError(path + ' refers back to an enclosing value (a cycle)');
        enclosing.push(value);
        let text;
        if (Array.isArray(value)) {
            const items = [];
            for (let i = 0; i < value.length; i++) items.push(jsonOf(value[i], path + '[' + i + ']', enclosing));
            text = '[' + items.join(',') + ']';
        } else {
            const proto = protoOf(value);
            if (proto !== Object.prototype && proto !== null) {
                throw new TypeError(path + ' is not a plain object; only plain JSON values can be returned');
            }
            const members = [];
            for (const key of Reflect.ownKeys(value)) {
                if (typeof key === 'symbol') throw new TypeError(path + ' has a symbol key; only plain JSON values can be returned');
                const property = Reflect.getOwnPropertyDescriptor(value, key);
                if (!property.enumerable) continue;
                if (!('value' in property)) throw new TypeError(path + '.' + key + ' is a getter; only plain JSON values can be returned');
                if (property.value === undefined) continue;
                members.push(JSON.stringify(key) + ':' + jsonOf(property.value, path + '.' + key, enclosing));
            }
            text = '{' + members.join(',') + '}';
        }
        enclosing.pop();
        return text;
    };

    return freeze({
        frozenJson: (text) => deepFreeze(JSON.parse(text)),
        toJson: (value) => jsonOf(value, 'result', []),
        // null for an Error (the host uses its message), else what was thrown, without running its code.
        describeThrown: (value) => {
            if (value instanceof Error) return null;
            if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
                return typeof value === 'string' ? JSON.stringify(value) : String(value);
            }
            return typeof value === 'function' ? 'a function' : 'an object';
        },
    });
})()
