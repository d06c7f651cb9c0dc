/** A field's problem, under the field, tied to it by `aria-describedby` (see `invalidProps`). */
export function FieldError({ id, problem, testId }: { id: string; problem: string | undefined; testId: string }) {
  return problem ? (
    <span className="field-error" id={id} data-testid={testId}>
      {problem}
    </span>
  ) : null;
}

/** The attributes of a field with a problem. */
export function invalidProps(id: string, problem: string | undefined) {
  return problem ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}
