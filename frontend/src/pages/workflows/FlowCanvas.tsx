import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useCanvasInfo } from './canvasContext';
import { WorkflowNodeView } from './FlowNode';
import type { FlowEdge, FlowNode } from './graphModel';
import { NODE_TYPES, type NodeType } from './types';

/** The drag data type of a palette item. */
export const PALETTE_MIME = 'application/x-prima-node';

const nodeTypes = Object.fromEntries(NODE_TYPES.map((type) => [type, WorkflowNodeView]));

interface Props {
  nodes: FlowNode[];
  edges: FlowEdge[];
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  onConnect: (c: Connection) => void;
  onDropNode: (type: NodeType, position: XYPosition) => void;
  /** Nodes can neither move nor be connected (phones, read-only users). */
  locked: boolean;
  /** Phone width: a shorter canvas, fitted again when the width class changes. */
  touch: boolean;
}

/** The React Flow canvas: drop palette items, drag nodes, connect handles, select and delete. */
export function FlowCanvas({ nodes, edges, onNodesChange, onEdgesChange, onConnect, onDropNode, locked, touch }: Props) {
  const { t } = useTranslation();
  const { errors, readOnly } = useCanvasInfo();
  const flow = useReactFlow();
  const count = useRef(nodes.length);

  // Keep a node just added in view.
  useEffect(() => {
    if (nodes.length <= count.current) {
      count.current = nodes.length;
      return;
    }
    count.current = nodes.length;
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 150 }));
    return () => cancelAnimationFrame(frame);
  }, [nodes.length, flow]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [touch, flow]);

  const shownNodes = useMemo(
    () => nodes.map((n) => ({ ...n, ariaLabel: t('workflows.canvas.nodeLabel', { type: t(`workflows.nodeTypes.${n.type}`), id: n.id }) })),
    [nodes, t],
  );

  const shownEdges = useMemo(
    () =>
      edges.map((e) => {
        const bad = Boolean(errors.edges[e.id]);
        return {
          ...e,
          label: e.sourceHandle ? t(`workflows.handles.${e.sourceHandle}`) : undefined,
          markerEnd: { type: MarkerType.ArrowClosed, color: bad ? '#dc2626' : '#64748b' },
          style: bad ? { stroke: '#dc2626', strokeWidth: 2 } : { stroke: '#64748b', strokeWidth: 1.5 },
          ariaLabel: t('workflows.canvas.edgeLabel', { source: e.source, target: e.target }),
        };
      }),
    [edges, errors.edges, t],
  );

  const aria = useMemo(
    () => ({
      'node.a11yDescription.default': t('workflows.canvas.nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('workflows.canvas.nodeHelp'),
      'node.a11yDescription.ariaLiveMessage': ({ x, y }: { x: number; y: number }) => t('workflows.canvas.moved', { x: Math.round(x), y: Math.round(y) }),
      'edge.a11yDescription.default': t('workflows.canvas.edgeHelp'),
      'controls.ariaLabel': t('workflows.canvas.controls'),
      'controls.zoomIn.ariaLabel': t('workflows.canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('workflows.canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('workflows.canvas.fitView'),
      'handle.ariaLabel': t('workflows.canvas.handle'),
    }),
    [t],
  );

  const typeOf = (id: string | null) => nodes.find((n) => n.id === id)?.type;
  const isValidConnection: IsValidConnection = (c) => c.source !== c.target && typeOf(c.target) !== 'trigger' && typeOf(c.source) !== 'end';

  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME) as NodeType;
    if (!type || locked) return;
    e.preventDefault();
    onDropNode(type, flow.screenToFlowPosition({ x: e.clientX - 112, y: e.clientY - 20 }));
  };

  return (
    <div
      data-testid="workflow-canvas"
      className={`relative w-full overflow-hidden rounded-md border border-slate-200 bg-slate-50 ${touch ? 'h-[380px]' : 'h-[560px]'}`}
      onDragOver={(e) => {
        if (!locked && e.dataTransfer.types.includes(PALETTE_MIME)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }
      }}
      onDrop={onDrop}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={shownNodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        nodesDraggable={!locked}
        nodesConnectable={!locked}
        edgesReconnectable={false}
        elementsSelectable
        deleteKeyCode={readOnly || locked ? null : ['Backspace', 'Delete']}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        zoomOnScroll={false}
        preventScrolling={false}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.2}
        ariaLabelConfig={aria}
      >
        <Background gap={16} color="#cbd5e1" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
