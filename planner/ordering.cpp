#include "planner/ordering.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <queue>
#include <set>
#include <tuple>

namespace keel::planner {
namespace {

// Edge property: the object identity that forces the order, for --explain.
using Graph = boost::adjacency_list<boost::setS, boost::vecS, boost::bidirectionalS,
                                    boost::no_property, std::string>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

void MustRunBefore(Graph& g, size_t a, size_t b, const std::string& why) {
  if (a == b) return;
  if (!boost::edge(a, b, g).second) boost::add_edge(a, b, why, g);
}

// Tables, views, sequences and indexes share one namespace of relation names: a view that takes
// a dropped table's name is created after the drop, and a trigger on a view (which names its
// relation as a table) is created after the view.
std::string RelationName(const std::string& id) {
  for (const char* kind : {"table:", "view:", "sequence:", "index:"})
    if (id.starts_with(kind)) return "relation:" + id.substr(id.find(':') + 1);
  return "";
}

// Who provides, needs, removes and releases each object identity.
struct Facts {
  std::map<std::string, std::vector<size_t>> providers, needers, removers, releasers;
};

void AddEdges(Graph& g, const Facts& f) {
  for (const auto& [id, ps] : f.providers) {
    // An object is created before its users…
    if (auto it = f.needers.find(id); it != f.needers.end())
      for (size_t p : ps)
        for (size_t n : it->second) MustRunBefore(g, p, n, "needs " + id);
    // …and an old object of the same name is removed before the new one is created.
    if (auto it = f.removers.find(id); it != f.removers.end())
      for (size_t r : it->second)
        for (size_t p : ps) MustRunBefore(g, r, p, "replaces " + id);
  }
  // Whatever stops using an object runs before the object is removed.
  for (const auto& [id, rs] : f.removers) {
    if (auto it = f.releasers.find(id); it != f.releasers.end())
      for (size_t l : it->second)
        for (size_t r : rs) MustRunBefore(g, l, r, "stops using " + id);
  }
}

Graph BuildGraph(const std::vector<Step>& steps) {
  Graph g(steps.size());
  // The same facts by relation name come second, so that an edge keeps its precise reason.
  Facts exact, relation;
  auto add = [](std::map<std::string, std::vector<size_t>>& m, const std::string& id, size_t i) {
    auto& v = m[id];
    if (v.empty() || v.back() != i) v.push_back(i);
  };
  using Ids = std::vector<std::string> Step::*;
  using Index = std::map<std::string, std::vector<size_t>> Facts::*;
  const std::pair<Ids, Index> kinds[] = {{&Step::provides, &Facts::providers},
                                         {&Step::needs, &Facts::needers},
                                         {&Step::removes, &Facts::removers},
                                         {&Step::releases, &Facts::releasers}};
  for (size_t i = 0; i < steps.size(); ++i) {
    for (const auto& [ids, index] : kinds) {
      for (const auto& id : steps[i].*ids) {
        add(exact.*index, id, i);
        if (auto rel = RelationName(id); !rel.empty()) add(relation.*index, rel, i);
      }
    }
  }
  AddEdges(g, exact);
  AddEdges(g, relation);
  return g;
}

std::string CyclePath(const Graph& g, const std::vector<Step>& steps,
                      const std::set<size_t>& left) {
  // Walk predecessors inside the unordered remainder until a vertex repeats: every vertex left
  // waits for one there, so the walk ends on a cycle (successors may lead out of it).
  size_t v = *left.begin();
  std::vector<size_t> path;
  std::map<size_t, size_t> seen;
  while (!seen.count(v)) {
    seen[v] = path.size();
    path.push_back(v);
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) {
      size_t s = boost::source(*e, g);
      if (left.count(s)) {
        v = s;
        break;
      }
    }
  }
  // The cycle in run-before order, from the vertex that repeated.
  std::vector<size_t> cycle(path.begin() + seen[v], path.end());
  std::reverse(cycle.begin() + 1, cycle.end());
  std::string out = "dependency cycle: ";
  for (size_t c : cycle) out += steps[c].object + " -> ";
  return out + steps[v].object;
}

}  // namespace

std::string OrderSteps(std::vector<Step>& steps, std::vector<Edge>* edges) {
  Graph g = BuildGraph(steps);
  // A step runs no earlier than the phase of anything it must follow; the queue then yields the
  // phases in order, so each phase is a contiguous run of steps.
  std::vector<Phase> phase(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) phase[i] = steps[i].phase;
  auto key = [&](size_t i) {
    return std::make_tuple(phase[i], steps[i].rank, steps[i].object, steps[i].description, i);
  };
  auto later = [&](size_t a, size_t b) { return key(a) > key(b); };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> ready(later);
  std::vector<size_t> indegree(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) {
    indegree[i] = boost::in_degree(i, g);
    if (indegree[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  std::vector<int> position(steps.size(), 0);
  while (!ready.empty()) {
    size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    position[v] = static_cast<int>(order.size());
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      size_t t = boost::target(*e, g);
      phase[t] = std::max(phase[t], phase[v]);
      if (--indegree[t] == 0) ready.push(t);
    }
  }
  if (order.size() != steps.size()) {
    std::set<size_t> left;
    for (size_t i = 0; i < steps.size(); ++i)
      if (!position[i]) left.insert(i);
    return CyclePath(g, steps, left);
  }
  std::vector<Step> sorted;
  for (size_t v : order) {
    Step s = steps[v];
    s.id = position[v];
    s.phase = phase[v];
    // The latest predecessor is the edge that fixed this step's place.
    int latest = 0;
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) {
      size_t src = boost::source(*e, g);
      if (position[src] > latest) {
        latest = position[src];
        s.placed_after = "after step " + std::to_string(latest) + " (" + g[*e] + ")";
      }
    }
    sorted.push_back(std::move(s));
  }
  steps = std::move(sorted);
  if (edges) {
    edges->clear();
    for (auto [e, end] = boost::edges(g); e != end; ++e)
      edges->push_back({position[boost::source(*e, g)], position[boost::target(*e, g)], g[*e]});
    std::sort(edges->begin(), edges->end(), [](const Edge& a, const Edge& b) {
      return std::tie(a.before, a.after) < std::tie(b.before, b.after);
    });
  }
  return "";
}

}  // namespace keel::planner
