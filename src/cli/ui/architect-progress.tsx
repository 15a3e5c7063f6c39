import { Box, Text, render, type Instance } from 'ink';

/** One line of the progress: an agent of the chain, or the rationale, with what it decided. */
export interface ProgressStep {
  name: string;
  detail: string;
  state: 'running' | 'done' | 'failed';
}

const MARK: Record<ProgressStep['state'], { glyph: string; color: string }> = {
  running: { glyph: '…', color: 'cyan' },
  done: { glyph: '✓', color: 'green' },
  failed: { glyph: '✗', color: 'yellow' },
};

/** The steps so far, one line each; a running step (asking Claude) shows an ellipsis, not a spinner. */
export function ArchitectProgress({ steps, color }: { steps: readonly ProgressStep[]; color: boolean }) {
  return (
    <Box flexDirection="column">
      {steps.map((step) => (
        <Text key={step.name}>
          <Text color={color ? MARK[step.state].color : undefined}>{MARK[step.state].glyph}</Text>{' '}
          <Text bold={color}>{step.name}</Text>
          {': '}
          {step.detail}
        </Text>
      ))}
    </Box>
  );
}

/** The live progress view on a terminal: `show` redraws with the latest steps, `stop` leaves the last frame. */
export interface ProgressView {
  show(steps: readonly ProgressStep[]): void;
  stop(): void;
}

/** Draws on `stream` (stderr: stdout is for the result); ink redraws in place. */
export function renderArchitectProgress(options: { color: boolean; stream: NodeJS.WriteStream }): ProgressView {
  let instance: Instance | undefined;
  return {
    show(steps) {
      const frame = <ArchitectProgress steps={steps} color={options.color} />;
      if (instance) instance.rerender(frame);
      else instance = render(frame, { stdout: options.stream, exitOnCtrlC: false, patchConsole: false });
    },
    stop() {
      instance?.unmount();
      instance = undefined;
    },
  };
}
