#include "scim/bulk/bulk_plan.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>

#include "scim/bulk/bulk_references.h"

namespace scimd::scim {
namespace {

using Graph = std::vector<std::vector<size_t>>;  // op -> the ops it needs first

bool DefinesBulkId(const BulkOperation& op) {
  if (op.bulk_id.empty()) return false;
  return !op.error.ok() || op.method == BulkMethod::kPost;
}

// Tarjan's strongly connected components; recursion depth is bounded by the
// operation count, which the caller caps (maxOperations).
class Components {
 public:
  explicit Components(const Graph& graph)
      : graph_(graph),
        index_(graph.size(), -1),
        low_(graph.size(), 0),
        on_stack_(graph.size(), false) {
    for (size_t v = 0; v < graph.size(); ++v) {
      if (index_[v] < 0) Visit(v);
    }
  }
  // Components in discovery order; each lists its operations.
  const std::vector<std::vector<size_t>>& all() const { return components_; }

 private:
  void Visit(size_t v) {
    index_[v] = low_[v] = next_index_++;
    stack_.push_back(v);
    on_stack_[v] = true;
    for (size_t w : graph_[v]) {
      if (index_[w] < 0) {
        Visit(w);
        low_[v] = std::min(low_[v], low_[w]);
      } else if (on_stack_[w]) {
        low_[v] = std::min(low_[v], index_[w]);
      }
    }
    if (low_[v] != index_[v]) return;
    std::vector<size_t> component;
    size_t w;
    do {
      w = stack_.back();
      stack_.pop_back();
      on_stack_[w] = false;
      component.push_back(w);
    } while (w != v);
    std::sort(component.begin(), component.end());
    components_.push_back(std::move(component));
  }

  const Graph& graph_;
  std::vector<int> index_, low_;
  std::vector<bool> on_stack_;
  std::vector<size_t> stack_;
  std::vector<std::vector<size_t>> components_;
  int next_index_ = 0;
};

Status CircularFailure(const std::vector<BulkOperation>& ops, const std::vector<size_t>& cycle) {
  std::string ids;
  for (size_t i : cycle) ids += (ids.empty() ? "'" : ", '") + ops[i].bulk_id + "'";
  if (cycle.size() == 1) {
    return {Code::kConflict,
            "circular bulkId reference: the operation with bulkId " + ids + " references itself"};
  }
  return {Code::kConflict,
          "circular bulkId references between the operations with bulkIds " + ids +
              " (RFC 7644 §3.7.1); create them without the references, then PATCH"};
}

// Marks every operation on a cycle as failed and drops the edges between
// them, leaving a graph without cycles.
void BreakCycles(const std::vector<BulkOperation>& ops, Graph& graph, BulkPlan& plan) {
  Components components(graph);
  for (const auto& component : components.all()) {
    const size_t v = component.front();
    const bool self_loop = std::find(graph[v].begin(), graph[v].end(), v) != graph[v].end();
    if (component.size() == 1 && !self_loop) continue;
    const Status failure = CircularFailure(ops, component);
    for (size_t member : component) {
      plan.failures[member] = failure;
      auto& needs = graph[member];
      needs.erase(std::remove_if(needs.begin(), needs.end(),
                                 [&](size_t w) {
                                   return std::binary_search(component.begin(), component.end(), w);
                                 }),
                  needs.end());
    }
  }
}

// Kahn's algorithm, always taking the ready operation that came first in the
// request, so that independent operations keep request order.
std::vector<size_t> TopologicalOrder(const Graph& graph) {
  const size_t n = graph.size();
  std::vector<size_t> pending(n, 0);
  Graph dependents(n);
  for (size_t v = 0; v < n; ++v) {
    pending[v] = graph[v].size();
    for (size_t w : graph[v]) dependents[w].push_back(v);
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t v = 0; v < n; ++v) {
    if (pending[v] == 0) ready.push(v);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (size_t d : dependents[v]) {
      if (--pending[d] == 0) ready.push(d);
    }
  }
  return order;
}

}  // namespace

BulkPlan PlanBulkOperations(const std::vector<BulkOperation>& operations) {
  BulkPlan plan;
  std::map<std::string, size_t> definer;
  for (const BulkOperation& op : operations) {
    if (!DefinesBulkId(op)) continue;
    auto [it, inserted] = definer.emplace(op.bulk_id, op.index);
    if (!inserted && op.error.ok()) {
      plan.failures[op.index] =
          InvalidValue("bulkId '" + op.bulk_id + "' is used by more than one operation");
    }
  }
  Graph graph(operations.size());
  for (const BulkOperation& op : operations) {
    if (!op.error.ok() || plan.failures.count(op.index)) continue;
    for (const std::string& reference : FindBulkIdReferences(op)) {
      auto it = definer.find(reference);
      if (it == definer.end()) {
        plan.failures[op.index] = {Code::kConflict, "bulkId '" + reference +
                                                        "' could not be resolved: no operation "
                                                        "of this request defines it"};
        graph[op.index].clear();
        break;
      }
      graph[op.index].push_back(it->second);
    }
  }
  BreakCycles(operations, graph, plan);
  plan.order = TopologicalOrder(graph);
  return plan;
}

}  // namespace scimd::scim
