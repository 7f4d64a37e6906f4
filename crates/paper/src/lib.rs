//! certdesk's counter documents on A4 (SPEC §8, issue 16): the document model ([`model`]), the
//! templates as data ([`template`]), the system's CJK fonts ([`fonts`]) and the layout and PDF
//! ([`render`]).
//!
//! PDF writing: krilla (typst's PDF library) was chosen over printpdf and over pdf-writer with
//! subsetter by hand. krilla shapes text (rustybuzz) and subsets the fonts it embeds (subsetter,
//! CFF included, which the Noto CJK collections are) by itself, writes ToUnicode maps so
//! `pdftotext` and a reader's search get the text back, and takes a face out of a .ttc
//! collection by index. printpdf 0.8 embeds whole fonts unless one subsets them first and has no
//! collection index; pdf-writer is the low-level writer krilla is built on, and doing the CID
//! font, the subset and the ToUnicode map by hand on top of it is what krilla already does.

#![deny(missing_docs)]

pub mod fonts;
pub mod model;
pub mod render;
pub mod samples;
pub mod template;

pub use fonts::{FontError, FontSpec, Fonts};
pub use model::{DocKind, Facts, Item};
pub use render::{render, render_listing, Listing, RenderError, Rendered};
pub use template::{Template, TemplateError, Templates};

/// Renders `kind` with the templates and the facts.
pub fn render_kind(
    fonts: &Fonts,
    templates: &Templates,
    kind: DocKind,
    facts: &Facts,
) -> Result<Rendered, RenderError> {
    render(fonts, templates.get(kind)?, kind, facts)
}
