#include "cli/manual.h"

#include <fmt/format.h>

#include <map>

#include "emit/emit.h"
#include "lint/report.h"

#ifndef KEEL_VERSION
#define KEEL_VERSION "0.0.0"
#endif

namespace keel::cli {
namespace {

constexpr const char* kSources =
    "a .sql file, a directory (every *.sql below it), git:REV:path, or a live database "
    "(postgres://..., postgresql://..., or a key=value conninfo)";

// roff: a leading dot or quote would start a request; backslashes escape.
std::string Roff(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

}  // namespace

const std::vector<std::pair<int, std::string>>& ExitCodeMeanings() {
  static const std::vector<std::pair<int, std::string>> codes = {
      {0, "success (plan/diff with --exit-code: no changes)"},
      {1, "preflight check failed"},
      {2, "a migration step failed (the database is left consistent and resumable)"},
      {3, "postflight validation failed"},
      {4, "rollback failed"},
      {5, "usage or configuration error"},
      {6, "unparsable or unsupported SQL in a schema source (file:line:col printed)"},
      {7, "cannot connect to a database"},
      {8,
       "refused: drift from the plan's fingerprint, hazards not allowed, or another apply "
       "holds the lock"},
      {10, "plan/diff with --exit-code: changes present"},
      {10, "lint: the worst finding is low or medium"},
      {11, "lint: the worst finding is high or critical"},
  };
  return codes;
}

std::string Usage() {
  std::string out = "keel " KEEL_VERSION
                    " - declarative schema migrations with online-safe plans\n\n"
                    "Usage: keel COMMAND [OPTIONS]\n\nCommands:\n";
  for (const auto& c : Commands()) out += fmt::format("  {:<12} {}\n", c.name, c.summary);
  out += "\nRun 'keel help COMMAND' for a command's options.\n\nExit codes:\n";
  for (const auto& [code, meaning] : ExitCodeMeanings())
    out += fmt::format("  {:>2}  {}\n", code, meaning);
  return out;
}

std::string CommandHelp(const CommandSpec& c) {
  std::string out = "Usage: " + c.synopsis + "\n\n" + c.summary + "\n";
  if (!c.options.empty()) out += "\nOptions:\n";
  for (const auto& o : c.options) {
    std::string flag = "--" + o.name + (o.takes_value ? " VALUE" : "");
    out += fmt::format("  {:<24} {}\n", flag, o.help);
  }
  if (c.name == "plan" || c.name == "diff") out += fmt::format("\nSources: {}.\n", kSources);
  return out;
}

std::string ManPage() {
  std::string out = ".TH KEEL 1 \"\" \"keel " KEEL_VERSION "\" \"User Commands\"\n";
  out += ".SH NAME\nkeel \\- declarative schema migrations with online\\-safe plans\n";
  out += ".SH SYNOPSIS\n.B keel\n.I COMMAND\n[\\fIOPTIONS\\fR]\n";
  out +=
      ".SH DESCRIPTION\n"
      "keel compares the desired schema, kept as SQL files, with a live PostgreSQL database "
      "or another source, and plans the changes as online\\-safe steps: each with its lock, "
      "hazards, risk score and rollback SQL, ordered by their dependencies and split into "
      "expand, backfill and contract phases.\n";
  out += ".PP\nSources: " + Roff(kSources) + ".\n";
  out += ".SH COMMANDS\n";
  for (const auto& c : Commands()) {
    out += ".SS " + Roff(c.name) + "\n.B " + Roff(c.synopsis) + "\n.PP\n" + Roff(c.summary) + "\n";
    for (const auto& o : c.options) {
      out += ".TP\n.B \\-\\-" + Roff(o.name) + (o.takes_value ? " \\fIVALUE\\fR" : "") + "\n";
      out += Roff(o.help) + "\n";
    }
  }
  out += ".SH FORMATS\n";
  out += fmt::format("\\-\\-format takes {}.\n",
                     Roff(fmt::format("{}", fmt::join(emit::FormatNames(), ", "))));
  out +=
      ".SH ENVIRONMENT\n.TP\n.B DATABASE_URL\nthe database when \\-\\-db is not given\n"
      ".TP\n.B NO_COLOR\nno ANSI colours in text output\n"
      ".TP\n.B PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD\nlibpq's defaults, used last\n";
  out += ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : ExitCodeMeanings())
    out += ".TP\n.B " + std::to_string(code) + "\n" + Roff(meaning) + "\n";
  out += ".SH SEE ALSO\n.BR psql (1),\n.BR pg_dump (1)\n";
  return out;
}

std::string BashCompletion() {
  // Two-word commands ("fleet plan") complete their first word, then the second.
  std::string commands, cases, families;
  std::map<std::string, std::string> subs;
  for (const auto& c : Commands()) {
    auto space = c.name.find(' ');
    const std::string first = c.name.substr(0, space);
    if (space != std::string::npos)
      subs[first] += (subs[first].empty() ? "" : " ") + c.name.substr(space + 1);
    if (space == std::string::npos || subs[first].find(' ') == std::string::npos)
      commands += (commands.empty() ? "" : " ") + first;
    std::string flags, valued;
    for (const auto& o : c.options) {
      flags += (flags.empty() ? "" : " ") + ("--" + o.name);
      if (o.takes_value) valued += (valued.empty() ? "" : "|") + ("--" + o.name);
    }
    cases += fmt::format("    \"{}\") opts=\"{}\" valued=\"{}\" ;;\n", c.name, flags, valued);
  }
  for (const auto& [first, words] : subs)
    families += fmt::format(
        "  if [ \"$cmd\" = {0} ]; then\n"
        "    if [ \"$COMP_CWORD\" -eq 2 ]; then COMPREPLY=($(compgen -W \"{1}\" -- \"$cur\")); "
        "return; fi\n"
        "    cmd=\"{0} ${{COMP_WORDS[2]}}\"\n"
        "  fi\n",
        first, words);
  std::string formats = fmt::format("{}", fmt::join(emit::FormatNames(), " "));
  return fmt::format(R"(# bash completion for keel, written by `keel completion bash`.
# Install: keel completion bash > /etc/bash_completion.d/keel (or source it from ~/.bashrc).
_keel() {{
  local cur prev cmd opts valued i
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{0} --help --version" -- "$cur"))
    return
  fi
  cmd="${{COMP_WORDS[1]}}"
{4}  case "$cmd" in
{1}    *) return ;;
  esac
  case "$cmd" in
    help) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "{0}" -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "bash" -- "$cur")); return ;;
    lint)
      case "$prev" in
        --format) COMPREPLY=($(compgen -W "{3}" -- "$cur")); return ;;
        --fail-on) COMPREPLY=($(compgen -W "info low medium high critical" -- "$cur")); return ;;
      esac ;;
  esac
  case "$prev" in
    --format) COMPREPLY=($(compgen -W "{2}" -- "$cur")); return ;;
    --schema|--from|--to|--out|--config|--log|--backup-dir|--report-dir|--split|--targets|--log-dir)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  for i in ${{valued//|/ }}; do
    [ "$prev" = "$i" ] && return
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _keel keel
)",
                     commands, cases, formats,
                     fmt::format("{}", fmt::join(lint::FormatNames(), " ")), families);
}

}  // namespace keel::cli
