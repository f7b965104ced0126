import { UnprocessableEntityException } from '@nestjs/common';

/**
 * Problems found in a submitted form, keyed by the dotted path of the field
 * (`conditions.calculateStatuses[0]`), answered as 422 `{message, errors}` like the validation pipe.
 */
export class FieldErrors {
  private readonly errors: Record<string, string> = {};

  /** Records a problem; the first one found for a path is kept. */
  add(path: string, message: string): this {
    this.errors[path] ??= message;
    return this;
  }

  get isEmpty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  toJSON(): Record<string, string> {
    return { ...this.errors };
  }

  /** Throws the 422 answer when anything was recorded. */
  throwIfAny(message = 'Some fields need fixing'): void {
    if (!this.isEmpty) throw new UnprocessableEntityException({ message, errors: this.toJSON() });
  }

  /** The 422 about one field, to throw. */
  static about(
    path: string,
    text: string,
    message = 'Some fields need fixing',
  ): UnprocessableEntityException {
    return new UnprocessableEntityException({ message, errors: { [path]: text } });
  }
}
