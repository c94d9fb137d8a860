//! The few `.npy` arrays the encoder reads: little-endian `f4` and `u1`,
//! C order, any rank. Hand-written because the format is a 10-byte preamble
//! and a Python-literal header; a crate would bring more than it saves.

use super::ModelError;
use std::path::Path;

/// One array: its shape and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Array<T> {
    pub shape: Vec<usize>,
    pub data: Vec<T>,
}

impl<T> Array<T> {
    /// Check the shape (so a wrong file fails at load, not as a panic later).
    pub fn expect_shape(self, name: &str, shape: &[usize]) -> Result<Self, ModelError> {
        if self.shape != shape {
            return Err(ModelError::Format(format!(
                "{name}: shape {:?}, expected {shape:?}",
                self.shape
            )));
        }
        Ok(self)
    }
}

/// Read a `<f4` array (or a `<f8` one, narrowed: the model keeps a scalar so).
pub fn read_f32(path: &Path) -> Result<Array<f32>, ModelError> {
    let bytes = read(path)?;
    let (header, body) = split(path, &bytes)?;
    if let Ok(shape) = parse_header(path, header, "<f8") {
        let count = element_count(path, &shape, body.len(), 8)?;
        let data = body[..count * 8]
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) as f32)
            .collect();
        return Ok(Array { shape, data });
    }
    let shape = parse_header(path, header, "<f4")?;
    let count = element_count(path, &shape, body.len(), 4)?;
    let data = body[..count * 4]
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Ok(Array { shape, data })
}

/// Read a `|u1` array.
pub fn read_u8(path: &Path) -> Result<Array<u8>, ModelError> {
    let bytes = read(path)?;
    let (header, body) = split(path, &bytes)?;
    let shape = parse_header(path, header, "|u1")?;
    let count = element_count(path, &shape, body.len(), 1)?;
    Ok(Array {
        shape,
        data: body[..count].to_vec(),
    })
}

/// Open a `|u1` array without reading it: the file, where its data starts
/// and its shape (for row-by-row reads of a large table).
pub fn open_u8(path: &Path) -> Result<(std::fs::File, u64, Vec<usize>), ModelError> {
    use std::io::Read;
    let io = |source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut head = vec![0u8; 4096];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]).map_err(io)? {
            0 => break,
            n => filled += n,
        }
    }
    head.truncate(filled);
    let (header, body) = split(path, &head)?;
    let shape = parse_header(path, header, "|u1")?;
    let offset = (head.len() - body.len()) as u64;
    let length = file.metadata().map_err(io)?.len();
    element_count(path, &shape, length.saturating_sub(offset) as usize, 1)?;
    Ok((file, offset, shape))
}

fn read(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn bad(path: &Path, message: &str) -> ModelError {
    ModelError::Format(format!("{}: {message}", path.display()))
}

/// The header text and the data bytes.
fn split<'a>(path: &Path, bytes: &'a [u8]) -> Result<(&'a str, &'a [u8]), ModelError> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad(path, "not a .npy file"));
    }
    let (length, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10usize),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
        _ => return Err(bad(path, "unknown .npy version")),
    };
    let end = start
        .checked_add(length)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| bad(path, "truncated header"))?;
    let header =
        std::str::from_utf8(&bytes[start..end]).map_err(|_| bad(path, "header is not text"))?;
    Ok((header, &bytes[end..]))
}

/// `{'descr': '<f4', 'fortran_order': False, 'shape': (7530, 512), }` → the shape.
fn parse_header(path: &Path, header: &str, descr: &str) -> Result<Vec<usize>, ModelError> {
    let value_of = |key: &str| {
        header
            .find(&format!("'{key}':"))
            .map(|at| header[at + key.len() + 3..].trim_start())
    };
    let found = value_of("descr").ok_or_else(|| bad(path, "no descr"))?;
    if !found.starts_with(&format!("'{descr}'")) {
        return Err(bad(path, &format!("element type is not {descr}")));
    }
    if !value_of("fortran_order").is_some_and(|v| v.starts_with("False")) {
        return Err(bad(path, "not in C order"));
    }
    let shape = value_of("shape").ok_or_else(|| bad(path, "no shape"))?;
    let inner = shape
        .strip_prefix('(')
        .and_then(|rest| rest.split(')').next())
        .ok_or_else(|| bad(path, "malformed shape"))?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().map_err(|_| bad(path, "malformed shape")))
        .collect()
}

fn element_count(
    path: &Path,
    shape: &[usize],
    available: usize,
    size: usize,
) -> Result<usize, ModelError> {
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| bad(path, "shape too large"))?;
    if count
        .checked_mul(size)
        .is_none_or(|bytes| bytes > available)
    {
        return Err(bad(path, "truncated data"));
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(descr: &str, shape: &str, body: &[u8]) -> Vec<u8> {
        let mut header =
            format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend((header.len() as u16).to_le_bytes());
        out.extend(header.as_bytes());
        out.extend(body);
        out
    }

    #[test]
    fn reads_f32_and_u8_and_rejects_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f.npy");
        let body: Vec<u8> = [1.5f32, -2.0, 3.25, 0.0, 7.0, 8.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        std::fs::write(&f, npy("<f4", "(2, 3)", &body)).unwrap();
        let array = read_f32(&f).unwrap();
        assert_eq!(array.shape, vec![2, 3]);
        assert_eq!(array.data, vec![1.5, -2.0, 3.25, 0.0, 7.0, 8.0]);
        assert!(array.clone().expect_shape("f", &[3, 2]).is_err());
        assert!(read_u8(&f).is_err(), "wrong element type");

        let u = dir.path().join("u.npy");
        std::fs::write(&u, npy("|u1", "(3,)", &[9, 8, 7])).unwrap();
        assert_eq!(read_u8(&u).unwrap().data, vec![9, 8, 7]);
        let (_, offset, shape) = open_u8(&u).unwrap();
        let length = std::fs::metadata(&u).unwrap().len();
        assert_eq!((offset, shape), (length - 3, vec![3]));
        assert!(open_u8(&f).is_err(), "wrong element type");
        let scalar = dir.path().join("s.npy");
        std::fs::write(&scalar, npy("<f4", "()", &1.0f32.to_le_bytes())).unwrap();
        assert_eq!(read_f32(&scalar).unwrap().data, vec![1.0]);

        let short = dir.path().join("short.npy");
        std::fs::write(&short, npy("<f4", "(2, 3)", &body[..8])).unwrap();
        assert!(read_f32(&short).is_err(), "truncated");
        std::fs::write(&short, b"garbage").unwrap();
        assert!(read_f32(&short).is_err());
        assert!(read_f32(&dir.path().join("missing.npy")).is_err());
    }
}
