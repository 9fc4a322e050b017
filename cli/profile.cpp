#include "cli/profile.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>

#include "cli/options.h"

namespace keel::cli {
namespace {

namespace fs = std::filesystem;

std::string Where(const std::string& path, const toml::source_region& r) {
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

// A TOML value as the text a flag would take; booleans become "true"/"false".
std::optional<std::string> FlagText(const toml::node& node) {
  if (node.is_string()) return *node.value<std::string>();
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (node.is_integer()) return std::to_string(*node.value<int64_t>());
  return std::nullopt;
}

std::string ReadFlags(const std::string& path, const toml::table& table,
                      std::map<std::string, std::string>* flags) {
  for (const auto& [key, node] : table) {
    auto text = FlagText(node);
    if (!text)
      return Where(path, node.source()) + ": " + std::string(key.str()) +
             " must be a string, number or boolean";
    std::string flag(key.str());
    for (char& c : flag)
      if (c == '_') c = '-';
    (*flags)[flag] = *text;
  }
  return "";
}

std::string ReadTarget(const std::string& path, const std::string& name, const toml::table& table,
                       Target* target) {
  target->name = name;
  toml::table rest;
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    auto flag = [&](bool* slot) -> std::string {
      auto b = node.is_boolean() ? node.value<bool>() : std::nullopt;
      if (!b) return Where(path, node.source()) + ": " + k + " must be true or false";
      *slot = *b;
      return "";
    };
    std::string error;
    if (k == "url_env") {
      auto s = node.value<std::string>();
      if (!s) return Where(path, node.source()) + ": url_env must be a string";
      target->url_env = *s;
    } else if (k == "url" || k == "password") {
      return Where(path, node.source()) + ": " + k +
             " does not belong in keel.toml; name the environment variable that holds the URL "
             "with url_env";
    } else if (k == "production") {
      bool on = false;
      error = flag(&on);
      if (on) {
        Policy& p = target->policy;
        p.require_saved_plan = p.confirm = p.require_backup = true;
        p.allow_force = false;
        if (!p.dry_run_within_ms) p.dry_run_within_ms = 24 * 3600 * 1000;
      }
    } else if (k == "require_saved_plan") {
      error = flag(&target->policy.require_saved_plan);
    } else if (k == "confirm") {
      error = flag(&target->policy.confirm);
    } else if (k == "require_backup") {
      error = flag(&target->policy.require_backup);
    } else if (k == "allow_force") {
      error = flag(&target->policy.allow_force);
    } else if (k == "dry_run_within") {
      auto s = node.value<std::string>();
      std::optional<int> ms;
      if (s) {
        // Hours are what a release window is measured in.
        if (s->size() > 1 && s->back() == 'h' && std::isdigit(static_cast<unsigned char>((*s)[0])))
          ms = std::stoi(s->substr(0, s->size() - 1)) * 3600 * 1000;
        else
          ms = ParseDuration(*s);
      }
      if (!ms)
        return Where(path, node.source()) + ": dry_run_within must be a duration like \"24h\"";
      target->policy.dry_run_within_ms = *ms;
    } else {
      rest.insert(key, node);
    }
    if (!error.empty()) return error;
  }
  if (target->url_env.empty())
    return path + ": target '" + name + "' has no url_env (the environment variable with its URL)";
  return ReadFlags(path, rest, &target->flags);
}

}  // namespace

std::string LoadConfig(const std::string& path, Config* config) {
  fs::path file = path;
  if (file.empty()) {
    std::error_code ec;
    for (fs::path dir = fs::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
      if (fs::exists(dir / "keel.toml", ec)) {
        file = dir / "keel.toml";
        break;
      }
      if (dir == dir.parent_path()) break;
    }
    if (file.empty()) return "";
  } else if (!fs::exists(file)) {
    return path + ": no such file";
  }
  config->path = file.string();
  toml::table doc;
  try {
    doc = toml::parse_file(config->path);
  } catch (const toml::parse_error& e) {
    return Where(config->path, e.source()) + ": " + std::string(e.description());
  }
  for (const auto& [key, node] : doc) {
    const std::string k(key.str());
    const toml::table* table = node.as_table();
    if (!table)
      return Where(config->path, node.source()) + ": " + k + " must be a table ([" + k + "])";
    if (k == "defaults") {
      if (auto e = ReadFlags(config->path, *table, &config->flags); !e.empty()) return e;
    } else if (k == "targets") {
      for (const auto& [name, t] : *table) {
        const toml::table* tt = t.as_table();
        if (!tt)
          return Where(config->path, t.source()) + ": [targets." + std::string(name.str()) +
                 "] must be a table";
        Target target;
        if (auto e = ReadTarget(config->path, std::string(name.str()), *tt, &target); !e.empty())
          return e;
        config->targets[target.name] = target;
      }
    } else {
      return Where(config->path, node.source()) + ": unknown section [" + k +
             "] (keel.toml has [defaults] and [targets.NAME])";
    }
  }
  return "";
}

std::string ApplyConfig(const Config& config, const CommandSpec& command, ParsedArgs& args) {
  auto has_option = [&](const std::string& name) {
    for (const auto& o : command.options)
      if (o.name == name) return true;
    return false;
  };
  auto fill = [&](const std::map<std::string, std::string>& flags) {
    for (const auto& [flag, value] : flags) {
      if (!has_option(flag) || args.Has(flag)) continue;
      if (value == "false") continue;
      args.options[flag] = {value == "true" ? "" : value};
    }
  };
  if (args.Has("target")) {
    const std::string name = args.Get("target");
    auto it = config.targets.find(name);
    if (it == config.targets.end()) {
      std::vector<std::string> names;
      for (const auto& [n, t] : config.targets) names.push_back(n);
      std::string msg = "--target: no target '" + name + "' in " +
                        (config.path.empty() ? std::string("keel.toml (none found)") : config.path);
      if (auto s = Suggest(name, names); !s.empty()) msg += "; did you mean '" + s + "'?";
      return msg;
    }
    if (args.Has("db")) return "--target and --db exclude each other";
    const char* url = std::getenv(it->second.url_env.c_str());
    if (!url || !*url)
      return "--target " + name + ": the environment variable " + it->second.url_env +
             " (its url_env) is not set";
    args.options["db"] = {url};
    args.target = std::make_shared<const Target>(it->second);
    fill(it->second.flags);
  }
  fill(config.flags);
  return "";
}

}  // namespace keel::cli
