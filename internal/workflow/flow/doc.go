// Package flow is the pure core of PRIMA's workflows: the graph a workflow
// stores (SPEC §3.2), its validation, the legacy linear form, and the engine
// that moves one execution forward.
//
// Nothing here touches a database, the network or the clock. Advance is a
// function from (graph, state, event, environment) to (new state, effects,
// step log): the runner loads an execution, calls Advance with the event that
// woke it (a start, a due timer, a reply, a webhook's answer), performs the
// effects (send, update the patient, notify staff, call a webhook) and stores
// the new state. Because the walk is deterministic, the same inputs always
// give the same outputs, and a stale or repeated event changes nothing.
//
// How an execution walks:
//
//   - start enters the trigger and follows its edge.
//   - send_message, update_patient and notify_staff emit an effect and go on.
//   - condition evaluates against the patient and the execution and follows
//     its "true" or "false" edge.
//   - delay waits until a time (minutes after the event, or a day offset from
//     day 0 at a time of day in the patient's zone); a time already past is
//     passed at once.
//   - wait_for_reply waits for a reply (its "reply" edge) or its timeout (its
//     "timeout" edge).
//   - call_webhook waits for the runner to report the call's result.
//   - end, or a node without a matching outgoing edge, completes the execution.
//
// One execution enters at most MaxSteps nodes in total; the next one fails it,
// which ends any loop that a delay already past lets spin.
package flow
