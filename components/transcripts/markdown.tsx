"use client";
import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/** Markdown from runners (untrusted): GitHub-flavoured, sanitised, links open in a new tab without referrer. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="prose-fw text-sm leading-relaxed break-words">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={{
          a: ({ href, children }) => (
            <a
              href={href}
              target="_blank"
              rel="noreferrer noopener nofollow"
              className="text-accent underline"
            >
              {children}
            </a>
          ),
          code: ({ children, className }) => (
            <code className={`${className ?? ""} rounded bg-subtle px-1 py-0.5 font-mono text-[12px]`}>
              {children}
            </code>
          ),
          pre: ({ children }) => (
            <pre className="my-2 overflow-x-auto rounded-md border border-border bg-subtle p-3 font-mono text-[12px] [&_code]:bg-transparent [&_code]:p-0">
              {children}
            </pre>
          ),
          ul: ({ children }) => <ul className="my-1 list-disc pl-5">{children}</ul>,
          ol: ({ children }) => <ol className="my-1 list-decimal pl-5">{children}</ol>,
          p: ({ children }) => <p className="my-1.5 first:mt-0 last:mb-0">{children}</p>,
          h1: ({ children }) => <h3 className="mt-3 mb-1 font-semibold">{children}</h3>,
          h2: ({ children }) => <h3 className="mt-3 mb-1 font-semibold">{children}</h3>,
          h3: ({ children }) => <h4 className="mt-2 mb-1 font-semibold">{children}</h4>,
          table: ({ children }) => (
            <table className="my-2 border-collapse text-xs [&_td]:border [&_td]:border-border [&_td]:px-2 [&_th]:border [&_th]:border-border [&_th]:px-2">
              {children}
            </table>
          ),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
