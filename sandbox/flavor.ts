// The differences between the two WHMCS generations the sandbox can play.
import type { JsonStyle } from './phpJson';

export type SandboxFlavor = '8.7' | '7.8';

export interface FlavorProfile {
  readonly flavor: SandboxFlavor;
  /** What WhmcsDetails and the XML envelope report. */
  readonly version: string;
  readonly json: JsonStyle;
  /** WHMCS 8 checks that an SSO credential's service exists and belongs to a client. */
  readonly validatesServices: boolean;
}

export function flavorProfile(flavor: SandboxFlavor, numbersAsStrings?: boolean): FlavorProfile {
  const modern = flavor === '8.7';
  return {
    flavor,
    version: modern ? '8.7.3' : '7.8.3',
    json: {
      hexEscapes: modern,
      escapeSlashes: !modern,
      numbersAsStrings: numbersAsStrings ?? !modern,
    },
    validatesServices: modern,
  };
}
