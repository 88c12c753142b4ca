// The "OAuth Credentials" tree: servers, their credentials, and each credential's details.
// Rendering only; data comes from ExplorerState, loaded when a server is first shown.
import * as vscode from 'vscode';
import type { OAuthCredential } from '../../core/whmcs/types';
import { securityRelaxations, hostOf } from '../../app/serverProfile';
import type { ExplorerState } from '../../app/explorerState';
import {
  credentialLabel,
  credentialTooltip,
  detailRows,
  grantTypeLabel,
  matchesFilter,
  plainText,
  type DetailKey,
  type DetailRow,
} from './treeModel';

export type ExplorerNode =
  | { type: 'server'; serverId: string }
  | { type: 'credential'; serverId: string; credentialId: number }
  | { type: 'detail'; serverId: string; credentialId: number; key: DetailKey }
  | { type: 'item'; serverId: string; credentialId: number; key: DetailKey; index: number }
  | { type: 'message'; serverId: string; kind: 'error' | 'empty' | 'filtered' }
  | { type: 'more'; serverId: string };

export const VIEW_ID = 'whmcsOAuth.credentials';

/**
 * Credentials shown per server before a "Show more" row. VS Code builds every child's TreeItem
 * and sends it to the window at once: 10,000 rows took most of a second before the first showed.
 */
export const CREDENTIALS_PER_PAGE = 500;

/** One icon object for every credential row (a server may have 10,000). */
const CREDENTIAL_ICON = new vscode.ThemeIcon('key');
const SINGLE_SIGN_ON_ICON = new vscode.ThemeIcon('person');

export class CredentialsTreeProvider implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText = '';
  /** Per server, how many credentials are shown (pages added by "Show more"; reset by a new filter). */
  private readonly shownLimit = new Map<string, number>();
  /** Per loaded list (a new load is a new array), the last filter's matches: rows, counts and the "more" row ask alike. */
  private readonly lastMatches = new WeakMap<readonly OAuthCredential[], { filter: string; matches: readonly OAuthCredential[] }>();
  /** Node objects are reused so that VS Code keeps expansion and selection across refreshes. */
  private readonly nodes = new Map<string, ExplorerNode>();
  /**
   * Credential rows, by server and ID: a server may have 10,000, and a string key each held
   * twice the memory of the nodes themselves (measured).
   */
  private readonly credentialNodes = new Map<string, Map<number, ExplorerNode>>();

  constructor(private readonly state: ExplorerState) {
    // The tree follows the state: whatever changed it (a command, a form, a refresh), it redraws.
    state.onDidChange(({ serverId }) => this.changed.fire(serverId ? this.node({ type: 'server', serverId }) : undefined));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    this.shownLimit.clear();
    // The servers' rows, not the whole tree: VS Code then asks for their children straight away,
    // one round trip to the window fewer than for the root.
    const servers = this.state.servers().map((entry) => this.node({ type: 'server', serverId: entry.profile.id }));
    this.changed.fire(servers.length > 0 ? servers : undefined);
  }

  /** One more page of a server's credentials. */
  showMore(serverId: string): void {
    this.shownLimit.set(serverId, this.limit(serverId) + CREDENTIALS_PER_PAGE);
    this.changed.fire(this.node({ type: 'server', serverId }));
  }

  private limit(serverId: string): number {
    return this.shownLimit.get(serverId) ?? CREDENTIALS_PER_PAGE;
  }

  /** Re-renders; with `reload`, the servers' data is fetched again (the state announces it). */
  refresh(serverId?: string, reload = true): void {
    if (reload) this.state.invalidate(serverId);
    else this.changed.fire(serverId ? this.node({ type: 'server', serverId }) : undefined);
  }

  /** Loads every server that is not loaded yet, in parallel. */
  async loadAll(): Promise<void> {
    await Promise.all(this.state.servers().map((entry) => this.state.ensureLoaded(entry.profile.id)));
  }

  /** Counts for the view message while a filter is active. */
  filterCounts(): { shown: number; total: number } {
    let shown = 0;
    let total = 0;
    for (const entry of this.state.servers()) {
      if (entry.status.kind !== 'loaded') continue;
      total += entry.status.credentials.length;
      shown += this.matching(entry.status.credentials).length;
    }
    return { shown, total };
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!element) return this.state.servers().map((entry) => this.node({ type: 'server', serverId: entry.profile.id }));
    switch (element.type) {
      case 'server':
        return this.serverChildren(element.serverId);
      case 'credential': {
        const credential = this.state.credential(element.serverId, element.credentialId);
        if (!credential) return [];
        return this.rows(element.serverId, credential).map((row) => this.node({ ...element, type: 'detail', key: row.key }));
      }
      case 'detail': {
        const credential = this.state.credential(element.serverId, element.credentialId);
        const row = credential && this.rows(element.serverId, credential).find((r) => r.key === element.key);
        return (row?.items ?? []).map((_item, index) => this.node({ ...element, type: 'item', index }));
      }
      default:
        return [];
    }
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    switch (element.type) {
      case 'server':
        return undefined;
      case 'credential':
      case 'message':
      case 'more':
        return this.node({ type: 'server', serverId: element.serverId });
      case 'detail':
        return this.node({ type: 'credential', serverId: element.serverId, credentialId: element.credentialId });
      case 'item':
        return this.node({ type: 'detail', serverId: element.serverId, credentialId: element.credentialId, key: element.key });
    }
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    switch (element.type) {
      case 'server':
        return this.serverItem(element.serverId);
      case 'credential':
        return this.credentialItem(element.serverId, element.credentialId);
      case 'detail':
        return this.detailItem(element);
      case 'item':
        return this.itemItem(element);
      case 'message':
        return this.messageItem(element.serverId, element.kind);
      case 'more':
        return this.moreItem(element);
    }
  }

  /** Tooltips are built on hover only: a server may have thousands of credentials. */
  resolveTreeItem(item: vscode.TreeItem, element: ExplorerNode): vscode.TreeItem {
    if (element.type !== 'credential') return item;
    const credential = this.state.credential(element.serverId, element.credentialId);
    if (!credential) return item;
    const tooltip = new vscode.MarkdownString(credentialTooltip(credential, this.heldIn(element.serverId, credential)));
    tooltip.supportHtml = false;
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
    return item;
  }

  private async serverChildren(serverId: string): Promise<ExplorerNode[]> {
    await this.state.ensureLoaded(serverId);
    const entry = this.state.server(serverId);
    if (!entry) return [];
    if (entry.status.kind === 'failed') return [this.node({ type: 'message', serverId, kind: 'error' })];
    if (entry.status.kind !== 'loaded') return [];
    if (entry.status.credentials.length === 0) return [this.node({ type: 'message', serverId, kind: 'empty' })];
    const shown = this.matching(entry.status.credentials);
    if (shown.length === 0) return [this.node({ type: 'message', serverId, kind: 'filtered' })];
    const limit = this.limit(serverId);
    const rows = shown.slice(0, limit).map((c): ExplorerNode => this.node({ type: 'credential', serverId, credentialId: c.credentialId }));
    return shown.length > limit ? [...rows, this.node({ type: 'more', serverId })] : rows;
  }

  /** The credentials the filter lets through (all of them without one); the last answer is kept per list. */
  private matching(credentials: readonly OAuthCredential[]): readonly OAuthCredential[] {
    if (!this.filterText) return credentials;
    const kept = this.lastMatches.get(credentials);
    if (kept?.filter === this.filterText) return kept.matches;
    const matches = credentials.filter((c) => matchesFilter(c, this.filterText));
    this.lastMatches.set(credentials, { filter: this.filterText, matches });
    return matches;
  }

  private moreItem(element: Extract<ExplorerNode, { type: 'more' }>): vscode.TreeItem {
    const status = this.state.server(element.serverId)?.status;
    const total = status?.kind === 'loaded' ? this.matching(status.credentials).length : 0;
    const limit = this.limit(element.serverId);
    const item = new vscode.TreeItem(`Show ${Math.min(CREDENTIALS_PER_PAGE, total - limit).toLocaleString('en-US')} more`);
    item.id = `more:${element.serverId}`;
    item.description = `${limit.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} shown`;
    item.tooltip = 'Show the next credentials of this server, or filter the view to find one.';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'showMore';
    item.command = { command: 'whmcsOAuth.showMore', title: 'Show More', arguments: [element] };
    return item;
  }

  private serverItem(serverId: string): vscode.TreeItem {
    const entry = this.state.server(serverId);
    const label = entry?.profile.label ?? serverId;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `server:${serverId}`;
    if (!entry) return item;
    item.description = hostOf(entry.profile.url);
    const { status } = entry;
    if (status.kind === 'failed') {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = `${label}: the last call failed.\n${plainText(status.message, 500)}${status.hint ? `\n${status.hint}` : ''}`;
      item.contextValue = 'server.failed';
    } else {
      item.iconPath = new vscode.ThemeIcon(status.kind === 'loading' ? 'loading~spin' : 'server');
      const count = status.kind === 'loaded' ? `\n${status.credentials.length} OAuth credentials` : '';
      const relaxations = securityRelaxations(entry.profile).map((relaxation) => `\nThis server is set to ${relaxation}.`);
      item.tooltip = `${label}\n${entry.profile.url}${count}${relaxations.join('')}`;
      item.contextValue = 'server';
    }
    return item;
  }

  private credentialItem(serverId: string, credentialId: number): vscode.TreeItem {
    const credential = this.state.credential(serverId, credentialId);
    if (!credential) return new vscode.TreeItem(`Credential ${credentialId}`);
    const held = this.heldIn(serverId, credential) !== undefined;
    const label = credentialLabel(credential);
    const grantType = grantTypeLabel(credential.grantType);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `credential:${serverId}:${credentialId}`;
    item.description = grantType;
    item.iconPath = credential.grantType === 'single_sign_on' ? SINGLE_SIGN_ON_ICON : CREDENTIAL_ICON;
    // `.signIn`: an authorization_code credential, which Test Sign-In can try.
    const signsIn = credential.grantTypes.includes('authorization_code') || credential.grantType === 'authorization_code';
    item.contextValue = held ? (signsIn ? 'credential.secretHeld.signIn' : 'credential.secretHeld') : signsIn ? 'credential.signIn' : 'credential';
    item.accessibilityInformation = { label: `${label}, ${grantType}, client ID ${credential.clientIdentifier}` };
    return item;
  }

  private detailItem(element: Extract<ExplorerNode, { type: 'detail' }>): vscode.TreeItem {
    const credential = this.state.credential(element.serverId, element.credentialId);
    const row = credential && this.rows(element.serverId, credential).find((r) => r.key === element.key);
    if (!row) return new vscode.TreeItem('');
    const item = new vscode.TreeItem(
      row.label,
      row.items.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `detail:${element.serverId}:${element.credentialId}:${element.key}`;
    item.description = row.value;
    item.tooltip = `${row.label}: ${row.items.length ? row.items.join('\n') : row.value}`;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    item.contextValue = `detail.${row.key}`;
    return item;
  }

  private itemItem(element: Extract<ExplorerNode, { type: 'item' }>): vscode.TreeItem {
    const credential = this.state.credential(element.serverId, element.credentialId);
    const row = credential && this.rows(element.serverId, credential).find((r) => r.key === element.key);
    const text = row?.items[element.index] ?? '';
    const item = new vscode.TreeItem(text);
    item.id = `item:${element.serverId}:${element.credentialId}:${element.key}:${element.index}`;
    item.tooltip = text;
    item.contextValue = `item.${element.key}`;
    return item;
  }

  private messageItem(serverId: string, kind: 'error' | 'empty' | 'filtered'): vscode.TreeItem {
    const status = this.state.server(serverId)?.status;
    if (kind === 'error' && status?.kind === 'failed') {
      const item = new vscode.TreeItem(plainText(status.message));
      item.id = `error:${serverId}`;
      if (status.hint) item.description = plainText(status.hint);
      item.tooltip = `${status.message}${status.hint ? `\n\n${status.hint}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = 'serverError';
      item.command = { command: 'whmcsOAuth.showLog', title: 'Show Log' };
      return item;
    }
    const item = new vscode.TreeItem(kind === 'filtered' ? `No credentials match "${this.filterText}"` : 'No OAuth credentials');
    item.id = `${kind}:${serverId}`;
    item.iconPath = new vscode.ThemeIcon('info');
    item.contextValue = kind === 'empty' ? 'serverEmpty' : 'serverFiltered';
    return item;
  }

  private rows(serverId: string, credential: OAuthCredential): DetailRow[] {
    return detailRows(credential, this.heldIn(serverId, credential));
  }

  /** The store that holds the credential's reset secret, if one does. */
  private heldIn(serverId: string, credential: OAuthCredential): string | undefined {
    const status = this.state.server(serverId)?.status;
    return status?.kind === 'loaded' ? status.heldSecrets.get(credential.clientIdentifier) : undefined;
  }

  /**
   * The node itself when this tree handed it to VS Code, else undefined. Any extension can run a
   * command with made-up arguments; only a person's click on a tree item passes a real node.
   */
  own(candidate: unknown): ExplorerNode | undefined {
    if (!candidate || typeof candidate !== 'object') return undefined;
    const node = candidate as ExplorerNode;
    const known = node.type === 'credential' ? this.credentialNodes.get(node.serverId)?.get(node.credentialId) : this.nodes.get(Object.values(node).join('\u0000'));
    return known === node ? node : undefined;
  }

  /** The one node object for a position in the tree. */
  private node<T extends ExplorerNode>(node: T): T {
    if (node.type === 'credential') return this.credentialNode(node) as T;
    const key = Object.values(node).join('\u0000');
    let existing = this.nodes.get(key) as T | undefined;
    if (!existing) {
      existing = node;
      this.nodes.set(key, node);
    }
    return existing;
  }

  private credentialNode(node: Extract<ExplorerNode, { type: 'credential' }>): ExplorerNode {
    let byId = this.credentialNodes.get(node.serverId);
    if (!byId) {
      byId = new Map();
      this.credentialNodes.set(node.serverId, byId);
    }
    const existing = byId.get(node.credentialId);
    if (existing) return existing;
    byId.set(node.credentialId, node);
    return node;
  }
}
