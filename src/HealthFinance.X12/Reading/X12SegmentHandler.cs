namespace HealthFinance.X12;

/// <summary>Receives one segment from <see cref="X12StreamReader"/>.</summary>
/// <param name="reader">A reader positioned on the segment; use its accessors, do not call <see cref="X12Reader.Read"/>.</param>
public delegate void X12SegmentHandler(ref X12Reader reader);
