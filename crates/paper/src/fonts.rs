//! Finding the CJK fonts on the system (no font file ships in the repository, SPEC §8).
//!
//! A bureau may name a font file (`path` or `path:index` for a collection) in certdesk.toml
//! `[paper]`; otherwise fontconfig's `fc-match` is asked for Noto Serif CJK SC (the body, a
//! Song-like face) and Noto Sans CJK SC Bold (titles, the heavy face), and when fontconfig is not
//! installed the paths Debian's `fonts-noto-cjk` installs are tried. A match whose family is not
//! the one asked for (fc-match always answers, with DejaVu when it has nothing better) is not
//! taken: a document set in a face without the ideographs would print boxes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A font face: a file and, for a collection (.ttc), the face's index in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSpec {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in a collection (0 for a single-face file).
    pub index: u32,
}

impl std::fmt::Display for FontSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.index)
    }
}

impl FontSpec {
    /// `path` or `path:index`.
    pub fn parse(s: &str) -> FontSpec {
        match s.rsplit_once(':') {
            Some((p, i)) if !p.is_empty() && i.parse::<u32>().is_ok() => {
                FontSpec { path: PathBuf::from(p), index: i.parse().unwrap_or(0) }
            }
            _ => FontSpec { path: PathBuf::from(s), index: 0 },
        }
    }
}

/// Why a document's fonts could not be had.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// No font for a role was configured or found on the system.
    #[error("找不到{role}字体 {wanted}：请安装 fonts-noto-cjk 或在 certdesk.toml [paper] 中配置 (no {role} font found: install fonts-noto-cjk or configure one)")]
    NotFound {
        /// The role (body or title).
        role: &'static str,
        /// The faces that were looked for.
        wanted: &'static str,
    },
    /// The font file could not be read.
    #[error("字体文件无法读取 {spec}: {why} (font file unreadable)")]
    Unreadable {
        /// The face asked for.
        spec: String,
        /// The reason.
        why: String,
    },
    /// The file is not a font face the PDF writer can embed.
    #[error("不是可用的字体 {spec} (not a usable font face)")]
    NotAFont {
        /// The face asked for.
        spec: String,
    },
    /// The face has no Chinese glyphs, so a document set in it would print boxes.
    #[error("字体 {spec} 缺少汉字字形 (font has no CJK glyphs)")]
    NoCjk {
        /// The face asked for.
        spec: String,
    },
}

/// Debian's fonts-noto-cjk: the Simplified Chinese face is index 2 in each collection.
const DEBIAN_SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
const DEBIAN_SANS_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
const SC_INDEX: u32 = 2;

/// The body face: configured, or found.
pub fn find_body(configured: Option<&str>) -> Result<FontSpec, FontError> {
    find(configured, "Noto Serif CJK SC", "Noto Serif CJK SC", DEBIAN_SERIF, "正文")
}

/// The title face: configured, or found.
pub fn find_title(configured: Option<&str>) -> Result<FontSpec, FontError> {
    find(configured, "Noto Sans CJK SC:bold", "Noto Sans CJK SC", DEBIAN_SANS_BOLD, "标题")
}

fn find(
    configured: Option<&str>,
    pattern: &str,
    family: &'static str,
    debian: &str,
    role: &'static str,
) -> Result<FontSpec, FontError> {
    if let Some(c) = configured.filter(|c| !c.trim().is_empty()) {
        return Ok(FontSpec::parse(c.trim()));
    }
    if let Some(spec) = fc_match(pattern, family) {
        return Ok(spec);
    }
    let p = Path::new(debian);
    if p.is_file() {
        return Ok(FontSpec { path: p.to_path_buf(), index: SC_INDEX });
    }
    Err(FontError::NotFound { role, wanted: family })
}

/// fontconfig's best match for `pattern`, when its family is `family`.
fn fc_match(pattern: &str, family: &str) -> Option<FontSpec> {
    let out =
        std::process::Command::new("fc-match").args(["-f", "%{family}\n%{file}\n%{index}", pattern]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let families = lines.next()?;
    let file = lines.next()?;
    let index = lines.next()?.trim().parse().ok()?;
    families.split(',').any(|f| f.trim() == family).then(|| FontSpec { path: PathBuf::from(file), index })
}

/// A face loaded for measuring and embedding.
#[derive(Clone)]
pub struct LoadedFont {
    /// Where the face was loaded from.
    pub spec: FontSpec,
    pub(crate) data: Arc<Vec<u8>>,
    pub(crate) font: krilla::text::Font,
}

impl std::fmt::Debug for LoadedFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LoadedFont({})", self.spec)
    }
}

impl LoadedFont {
    /// Reads and checks a face: it must parse and carry the ideographs a document prints.
    pub fn load(spec: &FontSpec) -> Result<LoadedFont, FontError> {
        let bytes = std::fs::read(&spec.path)
            .map_err(|e| FontError::Unreadable { spec: spec.to_string(), why: e.to_string() })?;
        let data = Arc::new(bytes);
        {
            let face = ttf_parser::Face::parse(&data, spec.index)
                .map_err(|_| FontError::NotAFont { spec: spec.to_string() })?;
            if "受理通知书〔〕号。".chars().any(|c| face.glyph_index(c).is_none()) {
                return Err(FontError::NoCjk { spec: spec.to_string() });
            }
        }
        let font = krilla::text::Font::new(krilla::Data::from(data.clone()), spec.index)
            .ok_or_else(|| FontError::NotAFont { spec: spec.to_string() })?;
        Ok(LoadedFont { spec: spec.clone(), data, font })
    }
}

/// The two faces a document is set in.
#[derive(Debug, Clone)]
pub struct Fonts {
    /// The running text's face (宋体-like).
    pub body: LoadedFont,
    /// The title's heavy face (黑体-like).
    pub title: LoadedFont,
}

impl Fonts {
    /// Finds (or takes the configured) faces and loads them.
    pub fn find(body: Option<&str>, title: Option<&str>) -> Result<Fonts, FontError> {
        Ok(Fonts { body: LoadedFont::load(&find_body(body)?)?, title: LoadedFont::load(&find_title(title)?)? })
    }
}
