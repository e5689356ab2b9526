// Bash completion for ipvsadm, generated from the option table: the command options are
// offered first, the other options after; value lists come from the help text (schedulers,
// persistence engines) and the value readers (tunnel types, scheduler flags). Services and real
// servers come from the live table (`ipvsadm -S -n`) when the user may read it.

/** A bash word list, quoted for a double-quoted string. */
function words(list) {
  for (const w of list) if (!/^[A-Za-z0-9_.:,+-]+$/.test(w)) throw new Error(`completion word needs quoting: ${w}`);
  return list.join(' ');
}

/** The value lists ipvsadm's -h names: `one of rr|wrr|...,` and `may be sip,`. */
export function helpValueLists(helpText) {
  const sched = /--scheduler.*one of ([a-z|]+),/.exec(helpText);
  const pe = /--pe .*may be ([a-z|]+),/.exec(helpText);
  if (!sched || !pe) throw new Error('scheduler or persistence-engine list not found in the help text');
  return { schedulers: sched[1].split('|'), engines: pe[1].split('|') };
}

function spellings(o) {
  return [...(o.short ? [`-${o.short}`] : []), `--${o.long}`];
}

/** The completion script. */
export function renderCompletion({ options, helpText, tunnelTypes, schedFlags }) {
  const { schedulers, engines } = helpValueLists(helpText);
  const commands = options.filter((o) => o.command !== undefined);
  const settings = options.filter((o) => o.command === undefined);
  const byLong = (long) => {
    const found = options.filter((o) => o.long === long);
    if (!found.length) throw new Error(`completion names --${long}, which is not in the option table`);
    return found.flatMap(spellings).join('|');
  };
  // Options whose value is completed from a list or the live table, by long name.
  const valueCases = [
    [byLong('scheduler'), `_ipvsadm_ts_words "${words(schedulers)}"`],
    [byLong('pe'), `_ipvsadm_ts_words "${words(engines)}"`],
    [byLong('tun-type'), `_ipvsadm_ts_words "${words(tunnelTypes)}"`],
    [byLong('sched-flags'), `_ipvsadm_ts_list "${words(schedFlags)}"`],
    [`${byLong('start-daemon')}|${byLong('stop-daemon')}`, '_ipvsadm_ts_words "master backup"'],
    [byLong('mcast-interface'), '_ipvsadm_ts_words "$(command ls /sys/class/net 2>/dev/null)"'],
    [byLong('tcp-service'), '_ipvsadm_ts_words "$(_ipvsadm_ts_table services -t)"'],
    [byLong('udp-service'), '_ipvsadm_ts_words "$(_ipvsadm_ts_table services -u)"'],
    [byLong('sctp-service'), '_ipvsadm_ts_words "$(_ipvsadm_ts_table services --sctp-service)"'],
    [byLong('fwmark-service'), '_ipvsadm_ts_words "$(_ipvsadm_ts_table services -f)"'],
    [byLong('real-server'), '_ipvsadm_ts_words "$(_ipvsadm_ts_table servers "$service")"'],
    // Optional value (ours): popt takes the next word only when it does not start with '-'.
    [byLong('color'), '_ipvsadm_ts_words "auto always never"', { optional: true }],
  ];
  const listed = new Set(valueCases.flatMap(([pattern]) => pattern.split('|')));
  // Any other option that requires a value: nothing to offer (a number, an address...).
  const freeValue = options.filter((o) => o.value === 'required').flatMap(spellings).filter((s) => !listed.has(s));
  const commandWords = [...new Set(commands.flatMap(spellings))];
  const settingWords = [...new Set(settings.flatMap(spellings))];
  // Service options take the next word as the service (remembered for -r).
  const serviceSwitches = ['tcp-service', 'udp-service', 'sctp-service', 'fwmark-service'].map(byLong).join('|');

  return `# bash completion for ipvsadm (ipvsadm-ts). Generated from the option table at build
# time: do not edit. Source it, or install it as
# /usr/share/bash-completion/completions/ipvsadm.

# Services ("services SWITCH") or real servers ("servers 'SWITCH SERVICE'") of the live table,
# read with the ipvsadm being completed; nothing when IPVS is not loaded (so completing never
# loads the module) or the user may not read the table.
_ipvsadm_ts_table() {
  [ -e /proc/net/ip_vs ] || return 0
  local prog=\${_ipvsadm_ts_prog:-ipvsadm} kind=$1 want=$2 line
  command "$prog" -S -n 2>/dev/null | while IFS= read -r line; do
    local -a w
    read -r -a w <<<"$line"
    if [ "$kind" = services ] && [ "\${w[0]}" = -A ] && [ "\${w[1]}" = "$want" ]; then
      printf '%s\\n' "\${w[2]}"
    elif [ "$kind" = servers ] && [ "\${w[0]}" = -a ] && { [ -z "$want" ] || [ "\${w[1]} \${w[2]}" = "$want" ]; }; then
      printf '%s\\n' "\${w[4]}"
    fi
  done
}

# Words that match the current word; with ':' in COMP_WORDBREAKS bash replaces only the part
# after the last ':', so that part is offered.
_ipvsadm_ts_words() {
  local w
  COMPREPLY=()
  for w in $1; do
    [[ $w == "$_ipvsadm_ts_cur"* ]] && COMPREPLY+=("$w")
  done
  if [[ $_ipvsadm_ts_cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local pre=\${_ipvsadm_ts_cur%"\${_ipvsadm_ts_cur##*:}"} i
    for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]=\${COMPREPLY[i]#"$pre"}; done
  fi
}

# A comma-separated list: complete the word after the last comma.
_ipvsadm_ts_list() {
  local head=\${_ipvsadm_ts_cur%"\${_ipvsadm_ts_cur##*,}"} w
  COMPREPLY=()
  for w in $1; do
    [[ $head$w == "$_ipvsadm_ts_cur"* ]] && COMPREPLY+=("$head$w")
  done
  compopt -o nospace 2>/dev/null
}

_ipvsadm_ts() {
  # Words from the line itself, split at blanks only (addresses contain ':').
  local -a words
  local line=\${COMP_LINE:0:COMP_POINT}
  read -r -a words <<<"$line"
  [[ $line == *[[:blank:]] || -z $line ]] && words+=("")
  local n=\${#words[@]}
  local _ipvsadm_ts_cur=\${words[n-1]} prev=
  [ "$n" -ge 2 ] && prev=\${words[n-2]}
  local _ipvsadm_ts_prog=\${words[0]}
  local service= i
  for ((i = 1; i < n - 1; i++)); do
    case \${words[i]} in
      ${serviceSwitches}) service="\${words[i]} \${words[i+1]}" ;;
    esac
  done
  # Normalise the service switch to the spelling -S writes.
  case \${service%% *} in
    --tcp-service) service="-t \${service#* }" ;;
    --udp-service) service="-u \${service#* }" ;;
    --fwmark-service) service="-f \${service#* }" ;;
  esac

  case $prev in
${valueCases.map(([pattern, action, how]) => (how?.optional ? `    ${pattern}) if [[ $_ipvsadm_ts_cur != -* ]]; then ${action}; return 0; fi ;;` : `    ${pattern}) ${action}; return 0 ;;`)).join('\n')}
    ${freeValue.join('|')}) COMPREPLY=(); return 0 ;;
  esac
  if [ "$n" -le 2 ]; then
    _ipvsadm_ts_words "${words(commandWords)}"
  else
    _ipvsadm_ts_words "${words(settingWords)}"
  fi
  return 0
}

complete -F _ipvsadm_ts ipvsadm
`;
}

/**
 * Bash completion for ipvsadm-apply, from its commander program: the options, the choices of
 * an option that has them (--format), nothing after an option that takes another value, file
 * names everywhere else (the desired table is a file).
 */
export function renderApplyCompletion(program) {
  const opts = program.createHelp().visibleOptions(program);
  const spell = (o) => [o.short, o.long].filter(Boolean);
  const withChoices = opts.filter((o) => o.argChoices?.length);
  const freeValue = opts.filter((o) => (o.required || o.optional) && !o.argChoices?.length).flatMap(spell);
  return `# bash completion for ipvsadm-apply (ipvsadm-ts). Generated from its command line at build
# time: do not edit. Source it, or install it as
# /usr/share/bash-completion/completions/ipvsadm-apply.

_ipvsadm_apply_ts() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
${withChoices.map((o) => `    ${spell(o).join('|')}) COMPREPLY=($(compgen -W "${words(o.argChoices)}" -- "$cur")); return 0 ;;`).join('\n')}
    ${freeValue.join('|')}) COMPREPLY=(); return 0 ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${words(opts.flatMap(spell))}" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}

complete -o filenames -F _ipvsadm_apply_ts ipvsadm-apply
`;
}
