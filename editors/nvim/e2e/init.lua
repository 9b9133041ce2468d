-- End-to-end test of `rampart lsp` with a real client: Neovim 0.7+ headless.
-- Driven by lsp/e2e_test.go; run by hand with
--
--   RAMPART_E2E=config.json nvim --headless --clean -u editors/nvim/e2e/init.lua
--
-- config.json: {
--   "cmd":   ["/path/to/rampart", "lsp", ...],
--   "root":  "/workspace",
--   "files": ["/workspace/a.yml", "/workspace/b.json"],
--   "fix":   {"file": "/workspace/a.yml", "steps": [
--              {"rule": "supply-chain/lockfile-bypassed",
--               "title": "rampart: use npm ci instead of npm install"}, ...]},
--   "out":   "/tmp/result.json",      -- what the client saw, and each step's buffer
--   "timeout_ms": 45000
-- }
--
-- Only APIs present in Neovim 0.7 (Debian's) are used: vim.lsp.start_client
-- and vim.lsp.buf_attach_client rather than vim.lsp.start (0.8+).

local cfg_path = os.getenv('RAMPART_E2E')
local result = { steps = {} }
local out_path

local function write_json(path, value)
  local f = assert(io.open(path, 'w'))
  f:write(vim.fn.json_encode(value))
  f:close()
end

local function step(msg)
  table.insert(result.steps, string.format('%.3f %s', vim.loop.hrtime() / 1e9, msg))
end

local function finish(err)
  if err then
    result.error = tostring(err)
  end
  if out_path then
    pcall(write_json, out_path, result)
  else
    io.stderr:write(vim.inspect(result) .. '\n')
  end
  if err then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

-- wait polls cond until it holds or the timeout passes; it fails with what.
local function wait(ms, what, cond)
  if not vim.wait(ms, cond, 20) then
    error('timed out after ' .. ms .. ' ms waiting for ' .. what, 0)
  end
end

local function rule_of(d)
  local lsp = d.user_data and d.user_data.lsp or {}
  if type(lsp.data) == 'table' and lsp.data.rule then
    return lsp.data.rule
  end
  return lsp.code or d.code
end

-- diagnostics returns what vim.diagnostic holds for the buffer, sorted as
-- the server sent them (by position is what the editor shows).
local function diagnostics(buf, client_id)
  local ns = vim.lsp.diagnostic.get_namespace(client_id)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out, {
      rule = rule_of(d),
      code = lsp.code or d.code,
      data_rule = type(lsp.data) == 'table' and lsp.data.rule or vim.NIL,
      docs = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
      source = d.source,
      severity = d.severity,
      line = d.lnum,
      col = d.col, -- bytes, as vim.diagnostic stores it
      end_line = d.end_lnum,
      end_col = d.end_col,
      message = d.message,
    })
  end
  table.sort(out, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    if a.col ~= b.col then return a.col < b.col end
    return a.rule < b.rule
  end)
  return out
end

local function main()
  assert(cfg_path, 'RAMPART_E2E is not set')
  local cfg = vim.fn.json_decode(table.concat(vim.fn.readfile(cfg_path), '\n'))
  out_path = cfg.out
  local timeout = cfg.timeout_ms or 45000
  result.nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch

  -- A watchdog: vim.wait runs timers, so this fires even mid-wait.
  vim.defer_fn(function()
    finish('watchdog: the session took more than ' .. timeout .. ' ms')
  end, timeout)

  vim.o.hidden = true -- switching buffers must not unload (and close) them
  vim.o.swapfile = false

  -- Publications per URI, counted before vim.diagnostic sees them.
  local pubs = {}
  local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local exited = nil

  local client_id = vim.lsp.start_client({
    name = 'rampart',
    cmd = cfg.cmd,
    root_dir = cfg.root,
    workspace_folders = { { uri = vim.uri_from_fname(cfg.root), name = 'e2e' } },
    get_language_id = function(_, ft)
      if ft and ft ~= '' then return ft end
      return 'plaintext'
    end,
    flags = { debounce_text_changes = 50 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
        if res then
          local p = pubs[res.uri] or { n = 0 }
          p.n = p.n + 1
          p.version = res.version
          p.count = #res.diagnostics
          pubs[res.uri] = p
        end
        return publish(err, res, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  local client = vim.lsp.get_client_by_id(client_id)
  wait(timeout, 'initialize', function()
    return client.initialized or exited ~= nil
  end)
  if exited then
    error('the server exited during initialize: code ' .. tostring(exited.code), 0)
  end
  step('initialized')

  local bufs = {}
  for _, file in ipairs(cfg.files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    assert(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client failed for ' .. file)
    bufs[file] = buf
  end
  step('opened ' .. #cfg.files .. ' files')

  result.diagnostics = {}
  for file, buf in pairs(bufs) do
    local uri = vim.uri_from_bufnr(buf)
    wait(timeout, 'diagnostics for ' .. file, function()
      return pubs[uri] ~= nil
    end)
    result.diagnostics[file] = diagnostics(buf, client_id)
  end
  step('diagnostics received')

  -- The code actions, one step after the other, requested the way
  -- vim.lsp.buf.code_action does: the diagnostics on the line, converted
  -- back to LSP form. Each step applies the action with the given title to
  -- the first diagnostic of its rule, and records the buffer and the
  -- diagnostics the server sends for the edited version.
  local buf = bufs[cfg.fix.file]
  assert(buf, 'fix.file is not among files')
  local uri = vim.uri_from_bufnr(buf)
  local current = result.diagnostics[cfg.fix.file]
  result.fixes = {}
  for _, want in ipairs(cfg.fix.steps) do
    local target
    for _, d in ipairs(current) do
      if d.rule == want.rule then
        target = d
        break
      end
    end
    assert(target, 'no ' .. want.rule .. ' diagnostic for the step "' .. want.title .. '"')
    local rec = { rule = want.rule, title = want.title, line = target.line, actions = {} }
    local line_diags = vim.lsp.diagnostic.get_line_diagnostics(buf, target.line, {}, client_id)
    local params = {
      textDocument = { uri = uri },
      range = {
        start = { line = target.line, character = 0 },
        ['end'] = { line = target.line, character = 0 },
      },
      context = { diagnostics = line_diags },
    }
    local resp, err = client.request_sync('textDocument/codeAction', params, timeout, buf)
    if not resp then
      error('codeAction: ' .. tostring(err), 0)
    end
    if resp.err then
      error('codeAction: ' .. vim.inspect(resp.err), 0)
    end
    local chosen
    for _, a in ipairs(resp.result or {}) do
      table.insert(rec.actions, a.title)
      if a.title == want.title then
        chosen = a
      end
    end
    assert(chosen, 'no "' .. want.title .. '" action among ' .. vim.inspect(rec.actions))
    assert(chosen.edit, 'the action has no edit')
    rec.preferred = chosen.isPreferred == true
    local before = pubs[uri].n
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
    step('applied ' .. chosen.title)
    rec.buffer = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'

    -- The edit reaches the server as didChange; its answer for the new
    -- version no longer has the finding.
    wait(timeout, 'diagnostics after ' .. chosen.title, function()
      local p = pubs[uri]
      return p.n > before and p.version == vim.lsp.util.buf_versions[buf]
    end)
    rec.after = diagnostics(buf, client_id)
    current = rec.after
    table.insert(result.fixes, rec)
    step('diagnostics after ' .. chosen.title .. ' received')
  end

  vim.lsp.stop_client(client_id)
  wait(10000, 'the server to exit', function()
    return exited ~= nil
  end)
  result.exit = exited
  step('server exited')
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(main, debug.traceback)
    finish(not ok and err or nil)
  end,
})
