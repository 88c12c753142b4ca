// The phases of a save, as the form state tracks them and the labels name them.
import type { HostMessage } from '../shared/protocol';

export type SavePhase = 'starting' | Extract<HostMessage, { type: 'saving' }>['phase'];
