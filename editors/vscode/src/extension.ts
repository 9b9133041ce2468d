// The rampart extension: starts `rampart lsp` over stdio and hands it the
// files rampart reads. Diagnostics, hover and quick fixes come from the
// server; this file only launches it and restarts it when its settings
// change.
import * as vscode from 'vscode';
import {
  DocumentSelector,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

// The documents the server is given, by language and by the file names of
// every kind rampart reads (iam-policy, cloudformation, terraform,
// buildspec, github-actions, gitlab-ci, codepipeline,
// codecommit-approval-rule, devramps) and the .rego files of custom
// policy directories. The server itself skips files the CLI would skip
// (a YAML or JSON file of no known kind gets no diagnostics).
export const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', language: 'hcl' },
  { scheme: 'file', language: 'rego' },
  { scheme: 'file', language: 'github-actions-workflow' },
  { scheme: 'file', pattern: '**/*.{yml,yaml,json,tf,rego}' },
  { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/action.{yml,yaml}' },
  { scheme: 'file', pattern: '**/buildspec*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/{.gitlab-ci.yml,*.gitlab-ci.yml}' },
  { scheme: 'file', pattern: '**/.devramps/*/pipeline.{yml,yaml}' },
  { scheme: 'file', pattern: '**/aws_additional_iam_policies.{yml,yaml}' },
  { scheme: 'file', pattern: '**/*.{template,cfn}' },
];

function serverOptions(): ServerOptions {
  const cfg = vscode.workspace.getConfiguration('rampart');
  const command = cfg.get<string>('path') || 'rampart';
  const args = ['lsp', '--debounce', `${Math.max(0, cfg.get<number>('debounce') ?? 150)}ms`];
  const logFile = cfg.get<string>('logFile');
  if (logFile) {
    args.push('--log-file', logFile);
  }
  if (cfg.get<boolean>('verbose')) {
    args.push('--verbose');
  }
  return { command, args, transport: TransportKind.stdio };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  output ??= vscode.window.createOutputChannel('rampart');
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.rampart.yaml'),
    },
  };
  // The id 'rampart' makes the client read rampart.trace.server.
  client = new LanguageClient('rampart', 'rampart', serverOptions(), clientOptions);
  try {
    await client.start();
  } catch (err) {
    const path = vscode.workspace.getConfiguration('rampart').get<string>('path');
    const choice = await vscode.window.showErrorMessage(
      `rampart: could not start \`${path} lsp\`: ${err}. Install rampart or set rampart.path.`,
      'Open settings',
    );
    if (choice === 'Open settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'rampart.path');
    }
  }
  context.subscriptions.push({ dispose: () => void stop() });
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.isRunning()) {
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('rampart.restart', async () => {
      await stop();
      await start(context);
    }),
    vscode.commands.registerCommand('rampart.showOutput', () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (['rampart.path', 'rampart.debounce', 'rampart.logFile', 'rampart.verbose'].some((s) => e.affectsConfiguration(s))) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}
