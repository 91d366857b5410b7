//! Compressed debug sections (ELF `SHF_COMPRESSED` zlib or zstd, GNU
//! `.zdebug_*`) decompressed within the file's budget: the size a header
//! declares is never trusted for an allocation; the real output is counted
//! as it is produced, all sections of a file together, and decompression
//! stops at the budget or the parse deadline.

use crashprint_model::Deadline;
use object::{CompressedData, CompressionFormat};

/// What is left of one object file's decompression budget.
#[derive(Debug)]
pub(crate) struct Allowance {
    /// Bytes all sections may still decompress to.
    pub left: u64,
    /// The budget of the whole file, for messages.
    pub total: u64,
    pub deadline: Deadline,
}

/// Why a section could not be decompressed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Its output would exceed what is left of the budget.
    OverBudget,
    /// The parse deadline passed.
    TooSlow,
    /// Not a valid stream, or not the size its header declares.
    Invalid(String),
}

/// Output produced between deadline checks.
const STEP: usize = 1 << 20;

/// The section's bytes, decompressed (`None` when it is not compressed).
/// A declared size over what is left of the budget is refused at once
/// (whether the header is honest or lies, the section is unusable); a
/// declared size within it bounds the output, which must then match it.
pub(crate) fn decompress(
    compressed: &CompressedData<'_>,
    allowance: &mut Allowance,
) -> Result<Option<Vec<u8>>, Failure> {
    let declared = compressed.uncompressed_size;
    if compressed.format == CompressionFormat::None {
        return Ok(None);
    }
    if declared > allowance.left {
        return Err(Failure::OverBudget);
    }
    let (out, more) = match compressed.format {
        CompressionFormat::Zlib => zlib(compressed.data, declared, &allowance.deadline)?,
        CompressionFormat::Zstandard => zstd(compressed.data, declared, &allowance.deadline)?,
        _ => return Err(Failure::Invalid("unsupported compression".into())),
    };
    if more {
        return Err(Failure::Invalid(format!(
            "decompresses to more than the {declared} bytes its header declares"
        )));
    }
    if out.len() as u64 != declared {
        return Err(Failure::Invalid(format!(
            "decompresses to {} bytes, not the {declared} its header declares",
            out.len()
        )));
    }
    allowance.left -= declared;
    Ok(Some(out))
}

/// Decompresses a zlib stream into at most `limit` bytes; `true` when the
/// stream holds more than that. Memory grows with the real output only.
fn zlib(data: &[u8], limit: u64, deadline: &Deadline) -> Result<(Vec<u8>, bool), Failure> {
    let mut inflate = flate2::Decompress::new(true);
    let mut out: Vec<u8> = Vec::new();
    let mut step = vec![0u8; STEP];
    loop {
        if deadline.passed() {
            return Err(Failure::TooSlow);
        }
        // One byte past the limit tells a longer stream apart.
        let room = (limit + 1 - out.len() as u64).min(STEP as u64) as usize;
        let (in_before, out_before) = (inflate.total_in(), inflate.total_out());
        let input = data.get(in_before as usize..).unwrap_or(&[]);
        let status = inflate
            .decompress(input, &mut step[..room], flate2::FlushDecompress::None)
            .map_err(|e| Failure::Invalid(format!("invalid zlib data: {e}")))?;
        let written = (inflate.total_out() - out_before) as usize;
        out.extend_from_slice(&step[..written]);
        if out.len() as u64 > limit {
            out.truncate(limit as usize);
            return Ok((out, true));
        }
        match status {
            flate2::Status::StreamEnd => return Ok((out, false)),
            _ if written == 0 && inflate.total_in() == in_before => {
                return Err(Failure::Invalid("a truncated zlib stream".into()))
            }
            _ => {}
        }
    }
}

/// Decompresses a zstd stream (one or more frames, skippable frames
/// skipped) into at most `limit` bytes; `true` when it holds more.
fn zstd(mut data: &[u8], limit: u64, deadline: &Deadline) -> Result<(Vec<u8>, bool), Failure> {
    use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
    use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder, DEFAULT_MAX_WINDOW_SIZE};
    let invalid = |e: &dyn std::fmt::Display| Failure::Invalid(format!("invalid zstd data: {e}"));
    let mut decoder = FrameDecoder::new();
    // The window is memory too: never more than the output allowed.
    decoder.set_max_window_size(DEFAULT_MAX_WINDOW_SIZE.min(limit.max(1 << 10)));
    let mut out: Vec<u8> = Vec::new();
    while !data.is_empty() {
        match decoder.init(&mut data) {
            Ok(()) => {}
            Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                length,
                ..
            })) => {
                data = data
                    .get(length as usize..)
                    .ok_or_else(|| Failure::Invalid("a truncated skippable zstd frame".into()))?;
                continue;
            }
            Err(e) => return Err(invalid(&e)),
        }
        loop {
            if deadline.passed() {
                return Err(Failure::TooSlow);
            }
            decoder
                .decode_blocks(&mut data, BlockDecodingStrategy::UptoBytes(STEP))
                .map_err(|e| invalid(&e))?;
            if let Some(bytes) = decoder.collect() {
                if (out.len() + bytes.len()) as u64 > limit {
                    return Ok((out, true));
                }
                out.extend_from_slice(&bytes);
            }
            if decoder.is_finished() && decoder.can_collect() == 0 {
                break;
            }
        }
    }
    Ok((out, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn allowance(left: u64) -> Allowance {
        Allowance {
            left,
            total: left,
            deadline: Deadline::NONE,
        }
    }

    fn zlib_of(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).expect("compress");
        e.finish().expect("compress")
    }

    /// A zstd frame of RLE blocks: `blocks` × 128 KiB of `byte`.
    fn zstd_rle(byte: u8, blocks: usize) -> Vec<u8> {
        let mut f = vec![0x28, 0xb5, 0x2f, 0xfd];
        // Frame header: single segment off, no checksum, no content size;
        // window descriptor: 1 MiB.
        f.push(0x00);
        f.push(0x50);
        for i in 0..blocks {
            let last = u32::from(i + 1 == blocks);
            let header = last | (1 << 1) | ((128 * 1024) << 3);
            f.extend_from_slice(&header.to_le_bytes()[..3]);
            f.push(byte);
        }
        f
    }

    #[test]
    fn zlib_within_and_over_budget() {
        let plain = vec![7u8; 100_000];
        let data = zlib_of(&plain);
        let c = CompressedData {
            format: CompressionFormat::Zlib,
            data: &data,
            uncompressed_size: plain.len() as u64,
        };
        let mut a = allowance(1 << 20);
        assert_eq!(decompress(&c, &mut a).ok().flatten(), Some(plain.clone()));
        assert_eq!(a.left, (1 << 20) - 100_000);
        let mut a = allowance(50_000);
        assert!(matches!(decompress(&c, &mut a), Err(Failure::OverBudget)));
        // A header claiming 4 GiB is never an allocation of 4 GiB: refused
        // under a smaller budget, found out under a larger one.
        let lying = CompressedData {
            uncompressed_size: 0xffff_0000,
            ..c
        };
        let mut a = allowance(1 << 20);
        assert!(matches!(
            decompress(&lying, &mut a),
            Err(Failure::OverBudget)
        ));
        let mut a = allowance(1 << 40);
        assert!(matches!(
            decompress(&lying, &mut a),
            Err(Failure::Invalid(_))
        ));
        // A header claiming less than the stream holds: stopped there.
        let short = CompressedData {
            uncompressed_size: 1000,
            ..c
        };
        let mut a = allowance(1 << 40);
        assert!(matches!(
            decompress(&short, &mut a),
            Err(Failure::Invalid(_))
        ));
    }

    #[test]
    fn zstd_within_and_over_budget() {
        let data = zstd_rle(9, 8);
        let c = CompressedData {
            format: CompressionFormat::Zstandard,
            data: &data,
            uncompressed_size: 8 * 128 * 1024,
        };
        let mut a = allowance(64 << 20);
        let out = decompress(&c, &mut a).ok().flatten().expect("decompressed");
        assert!(out.len() == 8 * 128 * 1024 && out.iter().all(|&b| b == 9));
        let mut a = allowance(300_000);
        assert!(matches!(decompress(&c, &mut a), Err(Failure::OverBudget)));
        // 4 GiB of RLE blocks in 128 KiB of input: stopped at the budget.
        let bomb = zstd_rle(0, 32 * 1024);
        let c = CompressedData {
            format: CompressionFormat::Zstandard,
            data: &bomb,
            uncompressed_size: 4 << 30,
        };
        let mut a = allowance(16 << 20);
        assert!(matches!(decompress(&c, &mut a), Err(Failure::OverBudget)));
        // The same bomb under a header that claims 1 MiB: the real output
        // is counted and stopped one byte past the claim.
        let c = CompressedData {
            uncompressed_size: 1 << 20,
            ..c
        };
        let mut a = allowance(16 << 20);
        assert!(matches!(decompress(&c, &mut a), Err(Failure::Invalid(_))));
    }
}
