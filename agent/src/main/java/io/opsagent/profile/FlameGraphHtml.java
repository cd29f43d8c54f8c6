package io.opsagent.profile;

import io.opsagent.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A self-contained flame graph page (inline script and style, no external assets: it must open on a
 * host with no network) for profiles the JFR engine made; async-profiler writes its own.
 */
final class FlameGraphHtml {
    private FlameGraphHtml() {
    }

    static String render(Stacks stacks, String title) {
        List<Object[]> rows = new ArrayList<Object[]>();
        for (Map.Entry<String, Long> e : stacks.counts.entrySet()) {
            rows.add(new Object[] {e.getKey(), e.getValue()});
        }
        // "</" inside a string would end the script element early
        String data = Json.toJson(rows).replace("</", "<\\/");
        String t = title.replace("&", "&amp;").replace("<", "&lt;");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + t + "</title>\n"
                + "<style>body{margin:0;padding:10px;font:12px sans-serif;background:#fff}h1{font-size:16px;margin:0 0 6px}"
                + "#c{width:100%;display:block}#s{height:18px;white-space:nowrap;overflow:hidden}</style></head>\n"
                + "<body><h1>" + t + "</h1><div id=\"s\">" + stacks.total + " samples; click a frame to zoom, click the root to reset</div>"
                + "<canvas id=\"c\"></canvas>\n<script>\n'use strict';\nconst rows=" + data + ";\n"
                + "const root={n:'all',v:0,k:new Map()};\n"
                + "for(const [stack,count] of rows){root.v+=count;let node=root;for(const f of stack.split(';')){"
                + "let c=node.k.get(f);if(!c){c={n:f,v:0,k:new Map()};node.k.set(f,c);}c.v+=count;node=c;}}\n"
                + "let depth=0;(function d(n,l){if(l>depth)depth=l;for(const c of n.k.values())d(c,l+1);})(root,1);\n"
                + "const cv=document.getElementById('c'),ctx=cv.getContext('2d'),st=document.getElementById('s'),H=16;\n"
                + "let zoom=root,boxes=[];\n"
                + "function color(n){let h=0;for(let i=0;i<n.length;i++)h=(h*31+n.charCodeAt(i))|0;"
                + "return 'hsl('+(10+Math.abs(h)%40)+',80%,'+(55+Math.abs(h>>8)%20)+'%)';}\n"
                + "function draw(){const w=cv.clientWidth||800;cv.width=w;cv.height=depth*H+4;ctx.font='11px sans-serif';boxes=[];"
                + "const place=(n,x,l,scale)=>{const bw=n.v*scale;if(bw<0.5)return;const y=cv.height-(l+1)*H;"
                + "ctx.fillStyle=color(n.n);ctx.fillRect(x,y,bw-0.5,H-1);boxes.push({n,x,y,w:bw});"
                + "if(bw>30){ctx.fillStyle='#000';ctx.fillText(n.n.substring(0,Math.floor(bw/6.5)),x+2,y+11);}"
                + "let cx=x;for(const c of n.k.values()){place(c,cx,l+1,scale);cx+=c.v*scale;}};"
                + "if(zoom.v>0)place(zoom,0,0,w/zoom.v);document.body.dataset.frames=boxes.length;}\n"
                + "function at(e){const r=cv.getBoundingClientRect(),x=e.clientX-r.left,y=e.clientY-r.top;"
                + "for(const b of boxes){if(x>=b.x&&x<b.x+b.w&&y>=b.y&&y<b.y+H)return b.n;}return null;}\n"
                + "cv.addEventListener('mousemove',e=>{const n=at(e);st.textContent=n?n.n+' ('+n.v+' samples, '"
                + "+(100*n.v/root.v).toFixed(2)+'%)':root.v+' samples';});\n"
                + "cv.addEventListener('click',e=>{const n=at(e);zoom=(!n||n===zoom)?root:n;draw();});\n"
                + "window.addEventListener('resize',draw);draw();\n</script></body></html>\n";
    }
}
